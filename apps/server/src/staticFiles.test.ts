import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from './httpServer.ts';
import { type ReplayServer, startReplayServer } from './replayServer.ts';
import { tempWebRoot, testServer } from './testing/harness.ts';

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

/** A GET with exactly `headers` (fetch would add and decode its own Accept-Encoding). */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

/** A web root as vite builds it: index.html, a hashed script and its source map. */
function builtRoot(): { root: string; script: string } {
  const root = tempWebRoot();
  mkdirSync(join(root, 'assets'));
  const script = `${'export const socket = "소켓 listen accept";\n'.repeat(400)}`;
  writeFileSync(join(root, 'assets', 'index-AbCd1234.js'), script);
  writeFileSync(join(root, 'assets', 'index-AbCd1234.js.map'), '{"version":3,"sources":[]}');
  return { root, script };
}

let server: RunningServer | ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the built app is served compressed, once, and without its source map', () => {
  it('Accept-Encoding: br gets brotli that decodes to the file, with Vary and a year of cache', async () => {
    const { root, script } = builtRoot();
    server = await testServer({ webRoot: root });
    const res = await get(server.port, '/assets/index-AbCd1234.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(res.body).toString('utf8')).toBe(script);
  });

  it('gzip alone gets gzip; no Accept-Encoding (or br;q=0) gets the plain file', async () => {
    const { root, script } = builtRoot();
    server = await testServer({ webRoot: root });
    const gz = await get(server.port, '/assets/index-AbCd1234.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString('utf8')).toBe(script);
    for (const headers of [{}, { 'accept-encoding': 'br;q=0' }]) {
      const plain = await get(server.port, '/assets/index-AbCd1234.js', headers);
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.toString('utf8')).toBe(script);
    }
  });

  it('sends the .br the build wrote beside the file, and never serves that .br itself', async () => {
    const { root, script } = builtRoot();
    const built = brotliCompressSync(script);
    writeFileSync(join(root, 'assets', 'index-AbCd1234.js.br'), built);
    server = await testServer({ webRoot: root });
    const res = await get(server.port, '/assets/index-AbCd1234.js', { 'accept-encoding': 'br' });
    expect(res.body.equals(built)).toBe(true);
    expect((await get(server.port, '/assets/index-AbCd1234.js.br')).status).toBe(404);
  });

  it('index.html is revalidated by its ETag: If-None-Match answers 304', async () => {
    server = await testServer({ webRoot: builtRoot().root });
    const first = await get(server.port, '/');
    expect(first.headers['cache-control']).toBe('no-cache');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    expect((await get(server.port, '/', { 'if-none-match': etag })).status).toBe(304);
  });

  it('a source map answers 404 (it stays in dist), from the control server and the replay server', async () => {
    const { root } = builtRoot();
    server = await testServer({ webRoot: root });
    expect((await get(server.port, '/assets/index-AbCd1234.js.map')).status).toBe(404);
    await server.close();
    const recording = { name: 'r.ndjson', text: '', createdAt: '2026-12-01T00:00:00Z', events: 0 };
    server = await startReplayServer({ port: 0, webRoot: root, recording });
    expect((await get(server.port, '/assets/index-AbCd1234.js.map')).status).toBe(404);
    const res = await get(server.port, '/assets/index-AbCd1234.js', { 'accept-encoding': 'br' });
    expect(res.headers['content-encoding']).toBe('br');
  });
});
