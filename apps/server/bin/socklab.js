#!/usr/bin/env node
// The socklab CLI: the esbuild bundle when built, else the TypeScript source through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
let cli;
if (existsSync(bundle)) {
  cli = await import(pathToFileURL(bundle).href);
} else {
  const { tsImport } = await import('tsx/esm/api');
  cli = await tsImport('../src/cli.ts', import.meta.url);
}
cli.runAsProcess(process.argv.slice(2));
