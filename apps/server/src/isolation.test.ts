import { Lab, NetNamespace, PacketCapture } from '@socklab/kernel';
import type { EventOf, SocklabEvent } from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from './logger.ts';
import { Session } from './session.ts';

const probe = NetNamespace.create();
probe.ns?.close();
const canIsolate = probe.ns !== null;
const captureProbe = PacketCapture.open();
captureProbe.capture?.close();
const canCapture = captureProbe.capture !== null;

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.reverse()) f();
  cleanup = [];
});

function session(options: { isolate?: false; serverPort?: number } = {}) {
  const s = new Session({ id: 'iso', logger: silentLogger, ...options });
  const events: SocklabEvent[] = [];
  s.log.subscribe((e) => events.push(e));
  cleanup.push(() => s.close());
  const send = (command: unknown) => s.handle(JSON.stringify(command));
  const call = async (actor: string, c: Record<string, unknown>) => {
    const before = events.length;
    await send({ type: 'playground.call', actor, call: c });
    return events.slice(before);
  };
  const exitOf = (added: SocklabEvent[]) => added.find((e): e is EventOf<'syscall.exit'> => e.type === 'syscall.exit');
  return { s, events, send, call, exitOf };
}

/** Another program on the host: a server and a client exchanging a secret. */
async function outsideProgram() {
  const lab = new Lab();
  cleanup.push(() => lab.closeAll());
  const server = lab.socket().created as string;
  lab.bind(server, { host: '127.0.0.1', port: 0 });
  lab.listen(server, 5);
  const port = lab.observe(server).local?.port as number;
  const client = lab.socket().created as string;
  await lab.connect(client, { host: '127.0.0.1', port });
  const conn = (await lab.accept(server)).created as string;
  const chat = async () => {
    await lab.write(client, Buffer.from('PASSWORD=hunter2 token=s3cr3t'));
    await lab.read(conn, 100);
  };
  return { port, chat };
}

const modes = [
  ['on the host’s shared network', { isolate: false as const }],
  ...(canIsolate ? ([['in a private namespace', {}]] as const) : []),
] as const;

describe.each(modes)('ISO-1, ISO-2: isolation %s', (_where, options) => {
  it('an outside program’s bytes on another loopback port never reach the session', async () => {
    const outside = await outsideProgram();
    const { send, call, events, exitOf } = session(options);
    await send({ type: 'playground.start' });
    // The session connects to the outside program's port (as a curious student would), then the program talks.
    const sock = exitOf(await call('client', { syscall: 'socket' }))?.created;
    await call('client', { syscall: 'connect', socket: sock, host: '127.0.0.1', port: outside.port });
    await outside.chat();
    await call('client', { syscall: 'close', socket: sock });
    await outside.chat();
    const text = JSON.stringify(events);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(Buffer.from('PASSWORD').toString('base64').slice(0, 8));
  });

  it('a connect() to socklab’s own server port captures none of its traffic', async () => {
    const outside = await outsideProgram(); // stands in for socklab's own server
    const { send, call, events, exitOf } = session({ ...options, serverPort: outside.port });
    await send({ type: 'playground.start' });
    const sock = exitOf(await call('client', { syscall: 'socket' }))?.created;
    const added = await call('client', { syscall: 'connect', socket: sock, host: '127.0.0.1', port: outside.port });
    if ('isolate' in options) {
      // On the shared network it is refused before any syscall.
      expect(added.map((e) => e.type)).toEqual(['error']);
      expect(added[0]).toMatchObject({ code: 'SOCKLAB_ERR_ADDRESS_REFUSED' });
    } else {
      // In the lab's own network nothing listens there: the kernel refuses it.
      expect(exitOf(added)?.errno?.name).toBe('ECONNREFUSED');
    }
    for (let i = 0; i < 5; i++) await outside.chat();
    expect(JSON.stringify(events)).not.toContain('hunter2');
    expect(events.filter((e) => e.type === 'packet').length).toBeLessThan(5);
  });
});

describe.skipIf(!canIsolate || !canCapture)('a lab in its own namespace', () => {
  it('ISO-1: runs hello on port 4000 in two sessions at once, whatever the host holds on 4000', async () => {
    const squatter = new Lab();
    cleanup.push(() => squatter.closeAll());
    const held = squatter.socket().created as string;
    // Whatever holds 4000 on the host (maybe a TIME_WAIT already): the labs do not see it.
    squatter.bind(held, { host: '127.0.0.1', port: 4000 });
    const a = session();
    const b = session();
    await a.send({ type: 'lesson.load', lesson: 'hello' });
    await b.send({ type: 'lesson.load', lesson: 'hello' });
    for (let i = 0; i < 11; i++) {
      await a.send({ type: 'lesson.step' });
      await b.send({ type: 'lesson.step' });
    }
    for (const { events } of [a, b]) {
      expect(events.find((e) => e.type === 'lesson.start')).toMatchObject({
        params: { port: 4000 },
        network: { kind: 'netns' },
      });
      expect(events.filter((e) => e.type === 'lesson.check' && !e.ok)).toEqual([]);
      expect(events.find((e) => e.type === 'lesson.end')).toMatchObject({ ok: true });
    }
  });
});
