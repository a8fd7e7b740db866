import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from './httpServer.ts';
import { Recordings } from './recordings.ts';
import { connect, testServer, upgradeStatus } from './testing/harness.ts';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function get(path: string, headers: Record<string, string> = {}) {
  const s = server as RunningServer;
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port: s.port,
        path,
        headers: { host: `127.0.0.1:${s.port}`, ...headers },
      });
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('the session credential (a cookie after the first visit with the token)', () => {
  it('the page opened with the token sets an HttpOnly, SameSite=Strict cookie; the page without it sets none', async () => {
    server = await testServer();
    const first = await get(`/?token=${server.token}`);
    const cookie = String(first.headers['set-cookie'] ?? '');
    expect(cookie).toContain(`socklab-${server.port}=${server.token}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect((await get('/')).headers['set-cookie']).toBeUndefined();
    expect((await get('/?token=wrong')).headers['set-cookie']).toBeUndefined();
  });

  it('SECURITY.md tests 1, 4: the cookie opens the WebSocket without the token in the address; Origin and Host still count', async () => {
    server = await testServer();
    const cookie = `socklab-${server.port}=${server.token}`;
    const client = connect(server, { token: null, cookie });
    await client.waitFor((e) => e.type === 'session.hello');
    client.ws.close();
    expect(await upgradeStatus(server, { token: null, cookie: `socklab-${server.port}=nope` })).toBe(403);
    expect(await upgradeStatus(server, { token: null, cookie: `socklab-1=${server.token}` })).toBe(403);
    expect(await upgradeStatus(server, { token: null, cookie, origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(server, { token: null, cookie, host: `evil.example:${server.port}` })).toBe(403);
  });
});

describe('a server started again on the same port (SECURITY.md #3, #25)', () => {
  it('SECURITY 25: refuses the last launch’s token and cookie at /api/session and at the upgrade; takes its own', async () => {
    server = await testServer();
    const { port, token: old } = server;
    await server.close();
    server = await testServer({ port });
    expect(server.port).toBe(port);
    expect(server.token).not.toBe(old);
    expect((await get(`/api/session?token=${old}`)).status).toBe(403);
    expect((await get('/api/session', { cookie: `socklab-${port}=${old}` })).status).toBe(403);
    expect((await get(`/api/session?token=${server.token}`)).status).toBe(204);
    expect(await upgradeStatus(server, { token: old })).toBe(403);
    expect(await upgradeStatus(server, { token: null, cookie: `socklab-${port}=${old}` })).toBe(403);
  });
});

describe('recordings over HTTP', () => {
  it('SECURITY.md test 18: listed and read only with the token, by names the server gave, never a path', async () => {
    const recordings = new Recordings(mkdtempSync(join(tmpdir(), 'socklab-http-rec-')));
    server = await testServer({ recordings });
    expect((await get('/api/recordings')).status).toBe(403);
    const client = connect(server);
    client.send({ type: 'lesson.load', lesson: 'hello', params: { port: 0 } });
    client.send({ type: 'lesson.step' });
    await client.waitFor((e) => e.type === 'syscall.exit');
    const list = await get(`/api/recordings?token=${server.token}`);
    expect(list.status).toBe(200);
    const [entry] = JSON.parse(list.body) as { name: string }[];
    expect(entry?.name).toMatch(/-hello-.*\.ndjson$/);
    const file = await get(`/api/recordings/${entry?.name}`, { cookie: `socklab-${server.port}=${server.token}` });
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(file.body.split('\n')[0]).toContain('"format":"socklab-recording"');
    for (const name of ['..%2F..%2Fetc%2Fpasswd', '%2Fetc%2Fpasswd', '..', 'x.ndjson%00']) {
      expect((await get(`/api/recordings/${name}?token=${server.token}`)).status).toBe(404);
    }
    client.ws.close();
  });
});
