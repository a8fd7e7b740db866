import type { SyscallName } from '@socklab/protocol';
import { getShortestPaths, getSimplePaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { connectionMachine } from './connectionMachine.ts';
import type { ApiEvent, SyscallExitEvent } from './events.ts';

function ok(syscall: SyscallName, ret = 0, more: Partial<SyscallExitEvent> = {}): SyscallExitEvent {
  return { type: 'syscall.exit', syscall, ret, errno: null, ...more };
}
function fail(syscall: SyscallName, errno: string): SyscallExitEvent {
  return { type: 'syscall.exit', syscall, ret: -1, errno: { name: errno } };
}
function shutdown(how: 'SHUT_RD' | 'SHUT_WR' | 'SHUT_RDWR'): SyscallExitEvent {
  return ok('shutdown', 0, { args: { how } });
}

const events: readonly ApiEvent[] = [
  ok('read', 5),
  ok('read', 0),
  fail('read', 'EAGAIN'),
  fail('read', 'ECONNRESET'),
  ok('write', 5),
  fail('write', 'EPIPE'),
  shutdown('SHUT_RD'),
  shutdown('SHUT_WR'),
  shutdown('SHUT_RDWR'),
  fail('shutdown', 'ENOTCONN'),
  { type: 'syscall.block', syscall: 'read' },
  fail('close', 'EBADF'),
  ok('close'),
];
const byValue = { events, serializeState: (s: { value: unknown }) => JSON.stringify(s.value) };

function start(calls: readonly ApiEvent[] = []) {
  const actor = createActor(connectionMachine).start();
  for (const e of calls) actor.send(e);
  return actor;
}
function callsOf(path: { steps: readonly { event: { type: string } }[] }): ApiEvent[] {
  return path.steps.map((s) => s.event).filter((e): e is ApiEvent => e.type !== 'xstate.init');
}
const isEof = (e: ApiEvent) => e.type === 'syscall.exit' && e.syscall === 'read' && e.ret === 0;
const isShutWrite = (e: ApiEvent) =>
  e.type === 'syscall.exit' && e.syscall === 'shutdown' && e.ret === 0 && e.args?.how !== 'SHUT_RD';
const isResetError = (e: ApiEvent) =>
  e.type === 'syscall.exit' && (e.errno?.name === 'ECONNRESET' || e.errno?.name === 'EPIPE');

describe('connectionMachine paths', () => {
  it('reaches every state', () => {
    const reached = getShortestPaths(connectionMachine, byValue).map((p) => p.state.value);
    expect([...reached].sort()).toEqual(['closed', 'connected', 'finished', 'peer_closed', 'reset', 'write_shut']);
    expect([...reached].sort()).toEqual(Object.keys(connectionMachine.root.states).sort());
  });

  it('ends every simple path in the state its calls explain', () => {
    const paths = getSimplePaths(connectionMachine, byValue);
    expect(paths.length).toBeGreaterThan(10);
    for (const path of paths) {
      const calls = callsOf(path);
      expect(start(calls).getSnapshot().value).toBe(path.state.value);
      const eof = calls.some(isEof);
      const shut = calls.some(isShutWrite);
      switch (path.state.value) {
        case 'connected':
          expect([eof, shut, calls.some(isResetError)]).toEqual([false, false, false]);
          break;
        case 'peer_closed':
          expect([eof, shut]).toEqual([true, false]);
          break;
        case 'write_shut':
          expect([eof, shut]).toEqual([false, true]);
          break;
        case 'finished':
          expect([eof, shut]).toEqual([true, true]);
          break;
        case 'reset':
          expect(isResetError(calls.at(-1) ?? ok('read'))).toBe(true);
          break;
        case 'closed':
          expect(calls.at(-1)).toEqual(ok('close'));
          break;
        default:
          throw new Error(`unexpected state ${JSON.stringify(path.state.value)}`);
      }
    }
  });

  it('closes from every state', () => {
    const paths = getShortestPaths(connectionMachine, byValue);
    expect(paths).toHaveLength(6);
    for (const path of paths) {
      const actor = start(callsOf(path));
      if (path.state.value !== 'closed') actor.send(ok('close'));
      expect(actor.getSnapshot().value).toBe('closed');
      expect(actor.getSnapshot().status).toBe('done');
    }
  });
});

describe('connectionMachine calls', () => {
  it('reads 0 → peer_closed', () => {
    expect(start([ok('read', 5), ok('read', 0)]).getSnapshot().value).toBe('peer_closed');
  });

  it('shutdown(SHUT_WR) → write_shut; SHUT_RDWR too; SHUT_RD changes nothing', () => {
    expect(start([shutdown('SHUT_WR')]).getSnapshot().value).toBe('write_shut');
    expect(start([shutdown('SHUT_RDWR')]).getSnapshot().value).toBe('write_shut');
    expect(start([shutdown('SHUT_RD')]).getSnapshot().value).toBe('connected');
  });

  it('reaches finished from EOF and SHUT_WR in either order', () => {
    expect(start([ok('read', 0), shutdown('SHUT_WR')]).getSnapshot().value).toBe('finished');
    expect(start([shutdown('SHUT_WR'), ok('read', 0)]).getSnapshot().value).toBe('finished');
  });

  it('keeps the state after a failed shutdown', () => {
    const actor = start([fail('shutdown', 'ENOTCONN')]);
    expect(actor.getSnapshot().value).toBe('connected');
    expect(actor.getSnapshot().context.lastErrno).toBe('ENOTCONN');
  });

  it('goes to reset on ECONNRESET or EPIPE while sending is open', () => {
    expect(start([fail('read', 'ECONNRESET')]).getSnapshot().value).toBe('reset');
    expect(start([ok('read', 0), fail('write', 'EPIPE')]).getSnapshot().context.lastErrno).toBe('EPIPE');
    expect(start([ok('read', 0), fail('write', 'EPIPE')]).getSnapshot().value).toBe('reset');
  });

  it('treats EPIPE after our own SHUT_WR as a plain failure', () => {
    const actor = start([shutdown('SHUT_WR'), fail('write', 'EPIPE')]);
    expect(actor.getSnapshot().value).toBe('write_shut');
    expect(actor.getSnapshot().context.lastErrno).toBe('EPIPE');
    actor.send(fail('read', 'ECONNRESET'));
    expect(actor.getSnapshot().value).toBe('reset');
  });

  it('only closes after a reset', () => {
    const actor = start([fail('write', 'ECONNRESET'), ok('read', 0), shutdown('SHUT_WR')]);
    expect(actor.getSnapshot().value).toBe('reset');
    actor.send(ok('close'));
    expect(actor.getSnapshot().value).toBe('closed');
  });

  it('ignores blocks and successful reads and writes', () => {
    const actor = start([{ type: 'syscall.block', syscall: 'read' }, ok('read', 12), ok('write', 3)]);
    expect(actor.getSnapshot().value).toBe('connected');
    expect(actor.getSnapshot().context.lastErrno).toBeNull();
  });
});
