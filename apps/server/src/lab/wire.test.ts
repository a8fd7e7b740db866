import { Worker } from 'node:worker_threads';
import type { EventOf, SocklabEvent } from '@socklab/protocol';
import { flagSet } from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from '../eventLog.ts';
import { LabCalls } from './calls.ts';
import { capabilities, LabNetwork } from './network.ts';

let cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

const canCapture = capabilities().capture.available;

// Threads that keep every CPU busy, so that the kernel defers loopback's receive work to ksoftirqd.
function hogs(count: number): () => Promise<void> {
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const threads = Array.from(
    { length: count },
    () =>
      new Worker(
        'const { workerData } = require("node:worker_threads"); const f = new Int32Array(workerData); while (Atomics.load(f, 0) === 0) {}',
        { eval: true, workerData: stop.buffer },
      ),
  );
  return async () => {
    Atomics.store(stop, 0, 1);
    await Promise.all(threads.map((t) => t.terminate()));
  };
}

function open() {
  const net = LabNetwork.open({});
  const log = new EventLog();
  const events = log.events() as SocklabEvent[];
  const calls = new LabCalls(net.lab, (e) => log.append(e), net.watchers());
  calls.start();
  cleanup.push(() => {
    calls.dispose();
    net.close();
  });
  const run = async (actor: string, call: Parameters<LabCalls['run']>[0]['call']) => {
    const before = events.length;
    await calls.run({ actor, call, creates: { role: 'client', name: null } });
    const exit = events.slice(before).find((e): e is EventOf<'syscall.exit'> => e.type === 'syscall.exit');
    if (!exit) throw new Error(`no exit for ${call.syscall}`);
    return exit;
  };
  const packetsOf = (callId: number | null) =>
    events
      .filter((e): e is EventOf<'packet'> => e.type === 'packet' && e.callId === callId)
      .map((p) => flagSet(p.flags));
  return { net, run, packetsOf, events };
}

describe.skipIf(!canCapture)('Wire', () => {
  it('WIRE-1: each call’s segments are shown with it, however busy the CPUs', async () => {
    const { run, packetsOf } = open();
    const listener = (await run('server', { syscall: 'socket' })).created as string;
    await run('server', { syscall: 'bind', socket: listener, host: '127.0.0.1', port: 0 });
    await run('server', { syscall: 'listen', socket: listener, backlog: 64 });
    const port = (await run('server', { syscall: 'getsockname', socket: listener })).address?.port as number;
    const stop = hogs(2);
    cleanup.push(stop);
    const wrong: string[] = [];
    const check = (what: string, got: string[], ok: boolean) => {
      if (!ok) wrong.push(`${what}: ${got.join(' ')}`);
    };
    // Bounded: 30 connections, a few milliseconds each on an idle machine.
    for (let i = 0; i < 30; i++) {
      const client = (await run('client', { syscall: 'socket' })).created as string;
      const connect = await run('client', { syscall: 'connect', socket: client, host: '127.0.0.1', port });
      const child = (await run('server', { syscall: 'accept', socket: listener })).created as string;
      const ping = await run('client', { syscall: 'write', socket: client, data: Buffer.from('ping') });
      // Read first: close() with unread data would send a RST instead of a FIN (RFC 2525 §2.17).
      await run('server', { syscall: 'read', socket: child, size: 16 });
      const close = await run('server', { syscall: 'close', socket: child });
      const late = await run('client', { syscall: 'write', socket: client, data: Buffer.from('late?') });
      await run('client', { syscall: 'close', socket: client });
      const handshake = packetsOf(connect.callId);
      check('connect', handshake, handshake.join(' ') === 'SYN SYN,ACK ACK');
      // A new connection ACKs at once (quick ACK mode, net/ipv4/tcp_input.c).
      check('write', packetsOf(ping.callId), packetsOf(ping.callId).join(' ') === 'PSH,ACK ACK');
      // The peer ACKs the FIN at once or later with its data: never as a bare ACK before the next call's data.
      const fin = packetsOf(close.callId);
      check('close', fin, fin[0] === 'FIN,ACK' && fin.slice(1).every((f) => f === 'ACK'));
      // The client's ACK of the FIN is delayed (tcp_fin enters pingpong mode): if its 40 ms timer
      // fires while the late write runs, it comes first, as a bare ACK of the FIN; the write's own follow.
      const lateOnes = packetsOf(late.callId);
      const own = lateOnes.slice(lateOnes.findIndex((f) => f !== 'ACK'));
      check('write after close', lateOnes, own.join(' ') === 'PSH,ACK RST' && lateOnes.length - own.length <= 1);
    }
    expect(wrong).toEqual([]);
  }, 60_000);
});
