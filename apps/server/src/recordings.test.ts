import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hello } from '@socklab/lessons';
import { parseRecording, recordingHeader, type SocklabEvent } from '@socklab/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from './logger.ts';
import { Recorder, Recordings } from './recordings.ts';
import { Session } from './session.ts';
import { connect, testServer, waitUntil } from './testing/harness.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
let sessions: Session[] = [];
afterEach(() => {
  for (const s of sessions) s.close();
  sessions = [];
});

const tempDir = () => mkdtempSync(join(tmpdir(), 'socklab-rec-'));

describe('recordings', () => {
  it('a lesson run is recorded as it happens: header, every event, and the end line once it is over', async () => {
    const folder = new Recordings(tempDir());
    const session = new Session({ id: 'rec', logger: silentLogger, recordings: folder });
    sessions.push(session);
    const live: SocklabEvent[] = [];
    session.log.subscribe((e) => live.push(e));
    session.hello();
    await session.handle('{"type":"lesson.load","lesson":"hello"}');
    for (let i = 0; i < hello.steps.length; i++) await session.handle('{"type":"lesson.step"}');
    const path = session.recording as string;
    // Written as it happens: readable before the run is over, without its end line yet.
    const during = parseRecording(readFileSync(path, 'utf8'));
    expect(during.ended).toBe(false);
    expect(during.header).toMatchObject({ lesson: 'hello', socklab: expect.any(String), platform: { os: 'linux' } });
    expect(during.events.map((e) => e.type)).toContain('lesson.end');
    await session.handle('{"type":"lesson.reset"}');
    const after = parseRecording(readFileSync(path, 'utf8'));
    expect(after.ended).toBe(true);
    // The hello, then exactly the live events of that run, in order.
    const start = live.findIndex((e) => e.type === 'lesson.start');
    const reset = live.findLastIndex((e) => e.type === 'lesson.start');
    expect(after.events).toEqual([live[0], ...live.slice(start, reset)]);
    // The run's lesson.start names its own file, so the page can offer it for download.
    expect(live[start]).toMatchObject({ type: 'lesson.start', recording: path.split('/').at(-1) });
    expect(folder.list().map((r) => r.name)).toHaveLength(2);
  });

  it.each(['../../etc/passwd', '/etc/passwd', '..', 'x/../../y.ndjson', 'a.ndjson/..', '%2e%2e%2fpasswd', ''])(
    'SECURITY.md test 18: the name %j is refused; only names socklab gives are read, inside the folder',
    (name) => {
      const folder = new Recordings(tempDir());
      expect(() => folder.read(name)).toThrow(expect.objectContaining({ code: 'SOCKLAB_ERR_RECORDING' }));
    },
  );

  it('never writes over a file, and stops at the format’s limits saying so', () => {
    const dir = tempDir();
    const file = join(dir, 'taken.ndjson');
    writeFileSync(file, 'mine');
    expect(() => Recorder.create(file, recordingHeader('x'))).toThrow(/cannot create/);
    expect(readFileSync(file, 'utf8')).toBe('mine');
    const recorder = Recorder.create(join(dir, 'big.ndjson'), recordingHeader('x'));
    const big = { type: 'error', seq: 0, t: 0, code: 'SOCKLAB_ERR_LIMIT', message: 'x'.repeat(900) } as SocklabEvent;
    let written = 0;
    while (recorder.write({ ...big, seq: written })) written++;
    expect(recorder.full).toBe(true);
    recorder.close();
    const loaded = parseRecording(readFileSync(join(dir, 'big.ndjson'), 'utf8'));
    expect(loaded.ended).toBe(true);
    expect(loaded.events).toHaveLength(written);
  });

  it('holds the events of a tick and writes them at flush(), or on the next tick without one', async () => {
    const path = join(tempDir(), 'held.ndjson');
    const recorder = Recorder.create(path, recordingHeader('x'));
    const lines = () =>
      readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l !== '').length;
    const event = (seq: number) =>
      ({ type: 'error', seq, t: 0, code: 'SOCKLAB_ERR_LIMIT', message: 'm' }) as SocklabEvent;
    // The header at once: a recording that was created is a file that loads.
    expect(lines()).toBe(1);
    recorder.write(event(0));
    recorder.write(event(1));
    expect(lines()).toBe(1);
    recorder.flush();
    expect(lines()).toBe(3);
    recorder.write(event(2));
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(lines()).toBe(4);
    recorder.write(event(3));
    recorder.close();
    expect(parseRecording(readFileSync(path, 'utf8'))).toMatchObject({ ended: true, events: [{}, {}, {}, {}] });
  });

  it('SECURITY.md test 15: no frame of a WebSocket leaves before the recording holds its event', async () => {
    const folder = new Recordings(tempDir());
    const server = await testServer({ recordings: folder });
    const late: number[] = [];
    let frames = 0;
    // Each event's bytes as they are handed to the kernel: its seq must already be in the file.
    const check = (chunks: readonly unknown[]) => {
      // Before the lesson loads, nothing is recorded (the hello goes into the recording as it starts).
      const entry = folder.list()[0];
      if (entry === undefined) return;
      const text = folder.read(entry.name);
      for (const chunk of chunks) {
        for (const m of String(chunk).matchAll(/"seq":(\d+),"t":/g)) {
          frames++;
          if (!text.includes(`"seq":${m[1]},"t":`)) late.push(Number(m[1]));
        }
      }
    };
    const writev = Socket.prototype._writev;
    const write = Socket.prototype._write;
    vi.spyOn(Socket.prototype, '_writev').mockImplementation(function (this: Socket, chunks, done) {
      check(chunks.map((c) => c.chunk));
      return writev?.call(this, chunks, done);
    });
    vi.spyOn(Socket.prototype, '_write').mockImplementation(function (this: Socket, chunk, encoding, done) {
      check([chunk]);
      return write.call(this, chunk, encoding, done);
    });
    try {
      const client = connect(server);
      await client.waitFor((e) => e.type === 'session.hello');
      client.send({ type: 'lesson.load', lesson: 'hello', params: { port: 0 } });
      for (let i = 0; i < hello.steps.length; i++) {
        await client.waitFor((e) => e.type === 'lesson.ready' || e.type === 'lesson.end');
        const seen = client.events.length;
        client.send({ type: 'lesson.step' });
        await waitUntil(() =>
          client.events.slice(seen).some((e) => e.type === 'lesson.ready' || e.type === 'lesson.end'),
        );
      }
      client.ws.close();
      await client.closed;
    } finally {
      vi.restoreAllMocks();
      await server.close();
    }
    expect(frames).toBeGreaterThan(50);
    expect(late).toEqual([]);
  }, 30_000);

  it('SECURITY.md test 15: kill -9 of the backend mid-lesson leaves a file that loads up to its last event', async () => {
    const dir = tempDir();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', './.config/rawText.mjs', 'apps/server/src/testing/recordAndHang.ts', dir, '6'],
      { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const path = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.once('exit', (code) => reject(new Error(`the backend exited first (${code})`)));
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const m = /^recording (.+)$/m.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const loaded = parseRecording(readFileSync(path, 'utf8'));
    expect(loaded.ended).toBe(false);
    expect(loaded.events.filter((e) => e.type === 'lesson.step')).toHaveLength(6);
    // Every event written before the kill is there, whole: the last step's ready among them.
    expect(loaded.events.filter((e) => e.type.startsWith('lesson.')).at(-1)?.type).toBe('lesson.ready');
  }, 30_000);
});
