// Bundles the server and the `socklab` CLI into dist/cli.js. esbuild has no `?raw`: a plugin loads `*.c?raw` as text.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** `import source from './x.c?raw'`: the file's text, as vite gives it. */
const rawText = {
  name: 'raw-text',
  setup(b) {
    b.onResolve({ filter: /\.c\?raw$/ }, (args) => ({
      path: path.resolve(args.resolveDir, args.path.replace(/\?raw$/, '')),
      namespace: 'raw-text',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw-text' }, async (args) => ({
      contents: await readFile(args.path, 'utf8'),
      loader: 'text',
      watchFiles: [args.path],
    }));
  },
};

await build({
  absWorkingDir: path.dirname(fileURLToPath(import.meta.url)),
  entryPoints: ['src/cli.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'dist/cli.js',
  external: ['koffi', 'ws'],
  plugins: [rawText],
  logLevel: 'warning',
});
