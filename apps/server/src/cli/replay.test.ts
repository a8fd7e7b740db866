import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { listeningAddresses, tempWebRoot } from '../testing/harness.ts';
import { replayCommand } from './replay.ts';

const fixture = new URL('../../../web/src/view/fixtures/handshake.ndjson', import.meta.url).pathname;

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };
function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<Reply> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    })
      .on('error', reject)
      .end();
  });
}

// Starts `socklab replay` on port 0 and resolves with the URL it printed, and how to stop it.
async function startReplay(file: string, webRoot = tempWebRoot()) {
  let stdout = '';
  let stderr = '';
  let stop = () => {};
  const until = new Promise<void>((resolve) => (stop = resolve));
  let printed: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => (printed = resolve));
  const done = replayCommand(
    [file],
    { port: 0, webRoot, until },
    {
      stdout: {
        write: (t: string) => {
          stdout += t;
          const match = /^replay: (\S+)$/m.exec(stdout);
          if (match?.[1]) printed(match[1]);
        },
      },
      stderr: { write: (t: string) => (stderr += t) },
    },
  );
  const first = await Promise.race([url, done.then((code) => `exit ${code}: ${stderr}`)]);
  return { url: first, stop, done, output: () => ({ stdout, stderr }) };
}

describe('socklab replay', () => {
  it('SECURITY.md #2, #4: serves the app and the recording on loopback only; /api/session is 404; a foreign Host is refused', async () => {
    const name = 'my run (1).ndjson';
    const file = join(mkdtempSync(join(tmpdir(), 'socklab-replay-')), name);
    writeFileSync(file, readFileSync(fixture));
    const replay = await startReplay(file);
    const url = new URL(replay.url);
    const port = Number(url.port);
    expect(url.host).toBe(`127.0.0.1:${port}`);
    // Its name as socklab would give it: never a path.
    expect(url.searchParams.get('recording')).toBe('recordings/my_run__1_.ndjson');
    try {
      expect(listeningAddresses()).toContain(`127.0.0.1:${port}`);
      const page = await get(port, '/');
      expect(page.status).toBe(200);
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      const recording = await get(port, '/recordings/my_run__1_.ndjson');
      expect(recording).toMatchObject({ status: 200, body: readFileSync(fixture, 'utf8') });
      expect(recording.headers['x-content-type-options']).toBe('nosniff');
      const index = JSON.parse((await get(port, '/recordings/index.json')).body);
      expect(index).toEqual([
        { name: 'my_run__1_.ndjson', lesson: 'handshake', createdAt: expect.any(String), events: expect.any(Number) },
      ]);
      expect((await get(port, '/recordings/other.ndjson')).status).toBe(404);
      expect((await get(port, '/api/session')).status).toBe(404);
      expect((await get(port, '/', `evil.example:${port}`)).status).toBe(403);
      expect((await get(port, '/recordings/my_run__1_.ndjson', `evil.example:${port}`)).status).toBe(403);
      // No lab: a WebSocket is never accepted.
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin: `http://127.0.0.1:${port}` });
      const status = await new Promise<number>((resolve) => {
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', () => resolve(-1));
      });
      expect(status).toBe(404);
    } finally {
      replay.stop();
      expect(await replay.done).toBe(0);
    }
  });

  it('a bad recording is one line and exit 2, before anything listens', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'socklab-replay-')), 'bad.ndjson');
    writeFileSync(file, '{"format":"socklab-recording","version":99,"protocol":2,"createdAt":"x"}\n');
    const replay = await startReplay(file);
    expect(replay.url).toMatch(/^exit 2: socklab: .*bad\.ndjson: recording version 99 is not supported/);
    expect(replay.output().stdout).toBe('');
  });
});
