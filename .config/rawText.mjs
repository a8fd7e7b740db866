// Node module-customization hooks: `import source from './x.c?raw'` gives the file's text, as vite does.
// Use: node --import tsx --import ./.config/rawText.mjs file.ts (or NODE_OPTIONS).
import { readFile } from 'node:fs/promises';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const raw = /\.c\?raw$/;

/** Resolves `*.c?raw` next to the importing file. */
export async function resolve(specifier, context, next) {
  if (raw.test(specifier) && context.parentURL !== undefined) {
    return { url: new URL(specifier, context.parentURL).href, format: 'module', shortCircuit: true };
  }
  return next(specifier, context);
}

/** Loads `*.c?raw` as a module whose default export is the file's text. */
export async function load(url, context, next) {
  if (raw.test(url)) {
    const file = new URL(url);
    file.search = '';
    const text = await readFile(file, 'utf8');
    return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
  }
  return next(url, context);
}

// The hooks run on a thread of their own, which loads this file again: register once, from the main thread.
if (isMainThread) register(import.meta.url);
