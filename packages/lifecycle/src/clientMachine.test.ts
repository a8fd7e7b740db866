import type { SyscallName } from '@socklab/protocol';
import { getShortestPaths, getSimplePaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { clientMachine } from './clientMachine.ts';
import type { ApiEvent, SyscallBlockEvent, SyscallExitEvent } from './events.ts';

function ok(syscall: SyscallName, ret = 0, more: Partial<SyscallExitEvent> = {}): SyscallExitEvent {
  return { type: 'syscall.exit', syscall, ret, errno: null, ...more };
}
function fail(syscall: SyscallName, errno: string): SyscallExitEvent {
  return { type: 'syscall.exit', syscall, ret: -1, errno: { name: errno } };
}
const connectBlocks: SyscallBlockEvent = { type: 'syscall.block', syscall: 'connect' };

const events: readonly ApiEvent[] = [
  ok('bind'),
  fail('bind', 'EADDRINUSE'),
  connectBlocks,
  { type: 'syscall.block', syscall: 'read' },
  ok('connect'),
  fail('connect', 'ECONNREFUSED'),
  ok('read', 0),
  fail('read', 'ECONNRESET'),
  ok('shutdown', 0, { args: { how: 'SHUT_WR' } }),
  ok('close'),
];
// `bound` decides where a failed connect returns, so it is part of the state.
const options = {
  events,
  serializeState: (s: { value: unknown; context: { bound: boolean } }) => JSON.stringify([s.value, s.context.bound]),
};

function start(calls: readonly ApiEvent[] = []) {
  const actor = createActor(clientMachine).start();
  for (const e of calls) actor.send(e);
  return actor;
}
function callsOf(path: { steps: readonly { event: { type: string } }[] }): ApiEvent[] {
  return path.steps.map((s) => s.event).filter((e): e is ApiEvent => e.type !== 'xstate.init');
}
function succeeded(calls: readonly ApiEvent[], syscall: SyscallName): boolean {
  return calls.some((e) => e.type === 'syscall.exit' && e.syscall === syscall && e.ret >= 0);
}

describe('clientMachine paths', () => {
  it('reaches every state', () => {
    const reached = new Set(getShortestPaths(clientMachine, options).map((p) => p.state.value));
    expect([...reached].sort()).toEqual([
      'bound',
      'closed',
      'connected',
      'connecting',
      'created',
      'finished',
      'peer_closed',
      'reset',
      'write_shut',
    ]);
    expect([...reached].sort()).toEqual(Object.keys(clientMachine.root.states).sort());
  });

  it('ends every simple path in the state its calls explain', () => {
    const paths = getSimplePaths(clientMachine, options);
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) {
      const calls = callsOf(path);
      const snapshot = start(calls).getSnapshot();
      expect(snapshot.value).toBe(path.state.value);
      const bind = succeeded(calls, 'bind');
      const connect = succeeded(calls, 'connect');
      switch (path.state.value) {
        case 'created':
          expect([bind, connect]).toEqual([false, false]);
          break;
        case 'bound':
          expect([bind, connect]).toEqual([true, false]);
          break;
        case 'connecting':
          expect(calls.at(-1)).toEqual(connectBlocks);
          expect(connect).toBe(false);
          break;
        case 'connected':
        case 'peer_closed':
        case 'write_shut':
        case 'finished':
        case 'reset':
          expect(connect).toBe(true);
          break;
        case 'closed':
          expect(calls.at(-1)).toEqual(ok('close'));
          break;
        default:
          throw new Error(`unexpected state ${JSON.stringify(path.state.value)}`);
      }
      expect(snapshot.context.bound).toBe(bind);
    }
  });

  it('closes from every state', () => {
    const paths = getShortestPaths(clientMachine, options);
    for (const path of paths) {
      const actor = start(callsOf(path));
      if (path.state.value !== 'closed') actor.send(ok('close'));
      expect(actor.getSnapshot().value).toBe('closed');
    }
  });
});

describe('clientMachine calls', () => {
  it('keeps created after a failed bind', () => {
    const actor = start([fail('bind', 'EACCES')]);
    expect(actor.getSnapshot().value).toBe('created');
    expect(actor.getSnapshot().context).toEqual({ bound: false, lastErrno: 'EACCES' });
  });

  it('connects through connecting when connect blocks', () => {
    const actor = start([ok('bind'), connectBlocks]);
    expect(actor.getSnapshot().value).toBe('connecting');
    actor.send(ok('connect'));
    expect(actor.getSnapshot().value).toBe('connected');
  });

  it('connects directly when connect does not block', () => {
    expect(start([ok('connect')]).getSnapshot().value).toBe('connected');
  });

  it('returns to the state before a failed connect', () => {
    const unbound = start([connectBlocks, fail('connect', 'ECONNREFUSED')]);
    expect(unbound.getSnapshot().value).toBe('created');
    expect(unbound.getSnapshot().context.lastErrno).toBe('ECONNREFUSED');
    const bound = start([ok('bind'), connectBlocks, fail('connect', 'ETIMEDOUT')]);
    expect(bound.getSnapshot().value).toBe('bound');
    expect(bound.getSnapshot().context.lastErrno).toBe('ETIMEDOUT');
    expect(start([ok('bind'), fail('connect', 'ENETUNREACH')]).getSnapshot().value).toBe('bound');
  });

  it('behaves like a connection once connected', () => {
    expect(start([ok('connect'), ok('read', 0)]).getSnapshot().value).toBe('peer_closed');
    expect(
      start([ok('connect'), ok('shutdown', 0, { args: { how: 'SHUT_WR' } }), ok('read', 0)]).getSnapshot().value,
    ).toBe('finished');
    expect(start([ok('connect'), fail('write', 'EPIPE')]).getSnapshot().value).toBe('reset');
  });

  it('ignores reads before connecting', () => {
    expect(start([ok('read', 0)]).getSnapshot().value).toBe('created');
  });
});
