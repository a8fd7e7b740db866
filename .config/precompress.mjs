// A vite plugin: writes `file.br` (brotli 11) and `file.gz` (gzip 9) beside every built text file but
// source maps, so the server sends them without compressing on a request (apps/server/src/staticFiles.ts).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** @type {import('vite').Plugin} */
export const precompress = {
  name: 'socklab-precompress',
  apply: 'build',
  writeBundle(options) {
    const dir = options.dir ?? 'dist';
    for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (!/\.(?:html|js|css|svg|json)$/.test(name)) continue;
      const file = join(dir, name);
      const body = readFileSync(file);
      if (body.length <= 256) continue;
      writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
    }
  },
};
