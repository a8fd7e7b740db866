import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventOf, SocklabEvent } from '@socklab/protocol';
import { cPrograms } from '@socklab/web/cProgram';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from './logger.ts';
import { Session } from './session.ts';

let session: Session | undefined;
let dir: string | undefined;
const children: ChildProcess[] = [];
afterEach(() => {
  session?.close();
  for (const child of children.splice(0)) child.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A port no one listens on now: the kernel picks it, then it is let go. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Whether a socket listens on 127.0.0.1:port, as /proc/net/tcp says (state 0A). */
const listening = (port: number) =>
  readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .some((line) => line.includes(`0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`) && / 0A /.test(line));

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

function run(
  command: string,
  args: string[],
): { child: ChildProcess; done: Promise<{ code: number | null; out: string }> } {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  // 'close', not 'exit': a process may exit before its output has been read from the pipes.
  return { child, done: new Promise((resolve) => child.on('close', (code) => resolve({ code, out }))) };
}

// CI installs strace (.ci/run): there its absence is a failure, not a reason to check less.
const hasStrace = (() => {
  try {
    execFileSync('strace', ['-f', '-o', '/dev/null', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI) throw new Error('strace cannot run here, and CI must trace the generated programs');
    return false;
  }
})();

/** The network calls of an strace log, in order (`socket`, `bind`, …), without libc's own. */
const tracedCalls = (trace: string) =>
  [...trace.matchAll(/^(?:\d+\s+)?(socket|setsockopt|bind|listen|accept4?|connect|shutdown)\(/gm)].map((m) =>
    m[1] === 'accept4' ? 'accept' : m[1],
  );

describe('the playground writes the C program (issue 11 item 6)', () => {
  it('a session of socket/setsockopt/bind/listen/accept/write and socket/connect/read compiles with gcc -Wall -Werror and, run, makes the same calls', async () => {
    const port = await freePort();
    session = new Session({ id: 'pgc', logger: silentLogger });
    const events: SocklabEvent[] = [];
    session.log.subscribe((e) => events.push(e));
    const s = session;
    const exits = () => events.filter((e): e is EventOf<'syscall.exit'> => e.type === 'syscall.exit');
    const call = async (actor: string, c: Record<string, unknown>) => {
      const before = exits().length;
      await s.handle(JSON.stringify({ type: 'playground.call', actor, call: c }));
      return exits()
        .slice(before)
        .find((e) => e.actor === actor);
    };
    await s.handle('{"type":"playground.start"}');
    const server = (await call('server', { syscall: 'socket' }))?.created;
    await call('server', { syscall: 'setsockopt', socket: server, option: 'SO_REUSEADDR', value: 1 });
    expect((await call('server', { syscall: 'bind', socket: server, host: '127.0.0.1', port }))?.ret).toBe(0);
    await call('server', { syscall: 'listen', socket: server, backlog: 5 });
    await call('server', { syscall: 'accept', socket: server });
    const client = (await call('client', { syscall: 'socket' }))?.created;
    expect((await call('client', { syscall: 'connect', socket: client, host: '127.0.0.1', port }))?.ret).toBe(0);
    await until(() => exits().some((e) => e.syscall === 'accept'));
    const conn = exits().find((e) => e.syscall === 'accept')?.created;
    expect((await call('server', { syscall: 'write', socket: conn, text: 'Hello World!', nul: true }))?.ret).toBe(13);
    expect((await call('client', { syscall: 'read', socket: client, size: 29 }))?.ret).toBe(13);
    session.close();
    session = undefined;

    const programs = cPrograms(events);
    expect(programs.map((p) => p.file)).toEqual(['server.c', 'client.c']);
    expect(programs[0]?.source).toContain(`htons(${port})`);
    expect(programs[0]?.source).toContain('client_socket = accept(server_socket,');
    expect(programs[1]?.source).toContain('connect(sock, (struct sockaddr*)&addr4');

    dir = mkdtempSync(join(tmpdir(), 'socklab-c-'));
    for (const p of programs) {
      writeFileSync(join(dir, p.file), p.source);
      execFileSync('gcc', ['-Wall', '-Werror', '-o', join(dir, p.actor), join(dir, p.file)], { stdio: 'pipe' });
    }
    const traced = (actor: string) =>
      hasStrace
        ? run('strace', ['-f', '-e', 'trace=network', '-o', join(dir!, `${actor}.trace`), join(dir!, actor)])
        : run(join(dir!, actor), []);
    const serverRun = traced('server');
    await until(() => listening(port));
    const clientRun = traced('client');
    const [serverOut, clientOut] = await Promise.all([serverRun.done, clientRun.done]);
    expect(serverOut.code).toBe(0);
    expect(clientOut.code).toBe(0);

    // The same calls, with the same outcome as in the session (descriptors are the program's own).
    const printed = (out: string) => [...out.matchAll(/^(\w+)\(\) = (-?\d+)/gm)].map((m) => [m[1], Number(m[2]) >= 0]);
    const made = (actor: string) =>
      exits()
        .filter((e) => e.actor === actor)
        .map((e) => [e.syscall, e.ret >= 0]);
    expect(printed(serverOut.out)).toEqual(made('server'));
    expect(printed(clientOut.out)).toEqual(made('client'));
    expect(serverOut.out).toMatch(/^write\(\) = 13$/m);
    expect(clientOut.out).toMatch(/^read\(\) = 13$/m);
    if (hasStrace) {
      const network = ['socket', 'setsockopt', 'bind', 'listen', 'accept', 'connect', 'shutdown'];
      const sessionCalls = (actor: string) =>
        made(actor)
          .map(([name]) => name)
          .filter((n) => network.includes(String(n)));
      expect(tracedCalls(readFileSync(join(dir, 'server.trace'), 'utf8'))).toEqual(sessionCalls('server'));
      expect(tracedCalls(readFileSync(join(dir, 'client.trace'), 'utf8'))).toEqual(sessionCalls('client'));
    }
  });
});
