import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { basename, extname } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** How a body is encoded on the wire. */
export type Encoding = 'br' | 'gzip' | 'identity';

/** One built file, read and compressed once: its bodies per encoding and its ETag. */
export type StaticFile = { etag: string; bodies: Partial<Record<Encoding, Buffer>> & { identity: Buffer } };

/** Types worth compressing; fonts (woff2) and images are compressed already. */
const compressible = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt']);
/** Files larger than this are served as they are (the built app has none; bounds the cache). */
const maxCompressBytes = 8 * 1024 * 1024;

/**
 * The encoding to answer `req` with among `available`: brotli first, then
 * gzip, else identity. A coding with `q=0` is refused.
 */
export function pickEncoding(req: IncomingMessage, available: readonly Encoding[]): Encoding {
  const header = String(req.headers['accept-encoding'] ?? '');
  const accepted = new Set<string>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) continue;
    accepted.add(name.trim());
  }
  for (const enc of ['br', 'gzip'] as const)
    if (available.includes(enc) && (accepted.has(enc) || accepted.has('*'))) return enc;
  return 'identity';
}

/**
 * Whether `path` is a content-hashed build asset (vite's `name-HASH.ext` under
 * `assets/`): its content never changes under that name, so it may be cached for a year.
 */
export function isHashedAsset(path: string): boolean {
  return /(^|[/\\])assets[/\\][^/\\]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(path);
}

/**
 * Whether `path` is not served: a source map (unless `SOCKLAB_SERVE_SOURCEMAPS=1`:
 * the map stays in dist for debugging), or a precompressed `.br`/`.gz` sibling,
 * which is only ever sent as the encoding of its file.
 */
export function isHidden(path: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (path.endsWith('.br') || path.endsWith('.gz')) return true;
  return path.endsWith('.map') && env.SOCKLAB_SERVE_SOURCEMAPS !== '1';
}

/**
 * The built files of one web root, each read the first time it is asked for and
 * kept in memory with its compressed bodies: the `.br`/`.gz` the web build wrote
 * beside it (brotli 11, gzip 9), or, where there are none, compressed here once
 * (brotli 5, gzip 6: fast enough for a first request). A file changed on disk
 * (size or mtime) is read again. No request recompresses anything.
 */
export class StaticFiles {
  readonly #cache = new Map<string, { mtimeMs: number; size: number; file: StaticFile }>();

  /** The file at `path` (an existing regular file), compressed where that helps. */
  get(path: string): StaticFile {
    const stat = statSync(path);
    const hit = this.#cache.get(path);
    if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.file;
    const file = compress(path, readFileSync(path));
    this.#cache.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, file });
    return file;
  }
}

function compress(path: string, identity: Buffer): StaticFile {
  const etag = `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`;
  const bodies: StaticFile['bodies'] = { identity };
  if (compressible.has(extname(basename(path))) && identity.length > 256 && identity.length <= maxCompressBytes) {
    const mtimeMs = statSync(path).mtimeMs;
    const beside = (ext: string, make: () => Buffer): Buffer => {
      const sibling = `${path}.${ext}`;
      return existsSync(sibling) && statSync(sibling).mtimeMs >= mtimeMs ? readFileSync(sibling) : make();
    };
    const br = beside('br', () =>
      brotliCompressSync(identity, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length },
      }),
    );
    const gzip = beside('gz', () => gzipSync(identity, { level: 6 }));
    if (br.length < identity.length) bodies.br = br;
    if (gzip.length < identity.length) bodies.gzip = gzip;
  }
  return { etag, bodies };
}
