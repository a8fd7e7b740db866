import type { SyscallName } from '@socklab/protocol';
import { getShortestPaths, getSimplePaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { ApiEvent, SocketAcceptedEvent, SyscallExitEvent } from './events.ts';
import { listenerMachine } from './listenerMachine.ts';

function ok(syscall: SyscallName, ret = 0, more: Partial<SyscallExitEvent> = {}): SyscallExitEvent {
  return { type: 'syscall.exit', syscall, ret, errno: null, ...more };
}
function fail(syscall: SyscallName, errno: string): SyscallExitEvent {
  return { type: 'syscall.exit', syscall, ret: -1, errno: { name: errno } };
}

const events: readonly ApiEvent[] = [
  ok('bind'),
  fail('bind', 'EADDRINUSE'),
  ok('listen'),
  fail('listen', 'EADDRINUSE'),
  ok('accept', 5, { created: 'c1' }),
  fail('accept', 'EAGAIN'),
  { type: 'syscall.block', syscall: 'accept' },
  ok('shutdown', 0, { args: { how: 'SHUT_RDWR' } }),
  ok('write', 3),
  fail('close', 'EBADF'),
  ok('close'),
];
const byValue = { events, serializeState: (s: { value: unknown }) => JSON.stringify(s.value) };

function start() {
  return createActor(listenerMachine).start();
}
function callsOf(path: { steps: readonly { event: { type: string } }[] }): ApiEvent[] {
  return path.steps.map((s) => s.event).filter((e): e is ApiEvent => e.type !== 'xstate.init');
}
function succeeded(calls: readonly ApiEvent[], syscall: SyscallName): boolean {
  return calls.some((e) => e.type === 'syscall.exit' && e.syscall === syscall && e.ret >= 0);
}

describe('listenerMachine paths', () => {
  it('reaches every state', () => {
    const reached = getShortestPaths(listenerMachine, byValue).map((p) => p.state.value);
    expect([...reached].sort()).toEqual(['bound', 'closed', 'created', 'listening']);
    expect([...reached].sort()).toEqual(Object.keys(listenerMachine.root.states).sort());
  });

  it('ends every simple path in the state its calls explain', () => {
    const paths = getSimplePaths(listenerMachine, byValue);
    expect(paths.length).toBeGreaterThan(4);
    for (const path of paths) {
      const calls = callsOf(path);
      const last = calls.at(-1);
      const actor = start();
      for (const e of calls) actor.send(e);
      expect(actor.getSnapshot().value).toBe(path.state.value);
      switch (path.state.value) {
        case 'created':
          expect(succeeded(calls, 'bind') || succeeded(calls, 'listen')).toBe(false);
          break;
        case 'bound':
          expect(succeeded(calls, 'bind')).toBe(true);
          expect(succeeded(calls, 'listen')).toBe(false);
          break;
        case 'listening':
          expect(succeeded(calls, 'listen')).toBe(true);
          break;
        case 'closed':
          expect(last).toEqual(ok('close'));
          expect(actor.getSnapshot().status).toBe('done');
          break;
        default:
          throw new Error(`unexpected state ${JSON.stringify(path.state.value)}`);
      }
    }
  });

  it('closes from every state', () => {
    for (const path of getShortestPaths(listenerMachine, byValue)) {
      const actor = start();
      for (const e of callsOf(path)) actor.send(e);
      if (path.state.value !== 'closed') actor.send(ok('close'));
      expect(actor.getSnapshot().value).toBe('closed');
    }
  });
});

describe('listenerMachine calls', () => {
  it('keeps created after a failed bind and records the errno', () => {
    const actor = start();
    actor.send(fail('bind', 'EADDRINUSE'));
    expect(actor.getSnapshot().value).toBe('created');
    expect(actor.getSnapshot().context.lastErrno).toBe('EADDRINUSE');
  });

  it('goes created → bound → listening', () => {
    const actor = start();
    actor.send(ok('bind'));
    expect(actor.getSnapshot().value).toBe('bound');
    actor.send(ok('listen'));
    expect(actor.getSnapshot().value).toBe('listening');
  });

  it('listens straight from created (Linux binds an ephemeral port)', () => {
    const actor = start();
    actor.send(ok('listen'));
    expect(actor.getSnapshot().value).toBe('listening');
  });

  it('keeps bound after a failed listen', () => {
    const actor = start();
    actor.send(ok('bind'));
    actor.send(fail('listen', 'EADDRINUSE'));
    expect(actor.getSnapshot().value).toBe('bound');
    expect(actor.getSnapshot().context.lastErrno).toBe('EADDRINUSE');
  });

  it('emits socket.accepted with the created socket and counts it', () => {
    const actor = createActor(listenerMachine);
    const accepted: SocketAcceptedEvent[] = [];
    actor.on('socket.accepted', (e) => accepted.push(e));
    actor.start();
    actor.send(ok('listen'));
    actor.send(ok('accept', 5, { created: 'sock-7' }));
    actor.send(fail('accept', 'EAGAIN'));
    actor.send(ok('accept', 6, { created: 'sock-8' }));
    expect(accepted).toEqual([
      { type: 'socket.accepted', socket: 'sock-7' },
      { type: 'socket.accepted', socket: 'sock-8' },
    ]);
    expect(actor.getSnapshot().value).toBe('listening');
    expect(actor.getSnapshot().context).toEqual({ accepted: 2, lastErrno: 'EAGAIN' });
  });

  it('does not accept before listening', () => {
    const actor = createActor(listenerMachine);
    const accepted: SocketAcceptedEvent[] = [];
    actor.on('socket.accepted', (e) => accepted.push(e));
    actor.start();
    actor.send(ok('bind'));
    actor.send(ok('accept', 5, { created: 'sock-7' }));
    expect(accepted).toEqual([]);
    expect(actor.getSnapshot().context.accepted).toBe(0);
  });

  it('ignores shutdown', () => {
    const actor = start();
    actor.send(ok('listen'));
    actor.send(ok('shutdown', 0, { args: { how: 'SHUT_RDWR' } }));
    expect(actor.getSnapshot().value).toBe('listening');
  });

  it('stays open when close fails with EBADF, closes on other close errors', () => {
    const actor = start();
    actor.send(fail('close', 'EBADF'));
    expect(actor.getSnapshot().value).toBe('created');
    actor.send(fail('close', 'EINTR'));
    expect(actor.getSnapshot().value).toBe('closed');
    expect(actor.getSnapshot().context.lastErrno).toBe('EINTR');
  });
});
