import { describe, expect, it } from 'vitest';
import { apiStateAfter } from './apiSnapshot.ts';
import { apiStates } from './apiState.ts';
import { clientMachine } from './clientMachine.ts';
import { connectionMachine } from './connectionMachine.ts';
import { type ApiEvent, isApiEvent, type SyscallExitEvent } from './events.ts';
import { listenerMachine } from './listenerMachine.ts';
import { machineForRole, type Role } from './roles.ts';

const ok = (syscall: 'bind' | 'listen' | 'accept' | 'connect' | 'read' | 'close', ret = 0): SyscallExitEvent => ({
  type: 'syscall.exit',
  syscall,
  ret,
  errno: null,
});

describe('machineForRole', () => {
  it('picks the machine of each role', () => {
    expect(machineForRole('listener')).toBe(listenerMachine);
    expect(machineForRole('client')).toBe(clientMachine);
    expect(machineForRole('connection')).toBe(connectionMachine);
  });

  it('throws with the bad role', () => {
    expect(() => machineForRole('server' as Role)).toThrow(/"server"/);
  });
});

describe('apiStateAfter', () => {
  it('folds events through the role machine', () => {
    expect(apiStateAfter('listener', [])).toBe('created');
    expect(apiStateAfter('listener', [ok('bind'), ok('listen'), { ...ok('accept', 4), created: 's2' }])).toBe(
      'listening',
    );
    expect(apiStateAfter('client', [{ type: 'syscall.block', syscall: 'connect' }])).toBe('connecting');
    expect(apiStateAfter('connection', [])).toBe('connected');
    expect(apiStateAfter('connection', [ok('read', 0)])).toBe('peer_closed');
  });

  it('ignores events after close', () => {
    const failedRead: ApiEvent = { type: 'syscall.exit', syscall: 'read', ret: -1, errno: { name: 'EBADF' } };
    expect(apiStateAfter('client', [ok('connect'), ok('close'), failedRead, ok('read', 0)])).toBe('closed');
  });

  it('gives the same answer twice (no shared actor)', () => {
    const events = [ok('bind')];
    expect(apiStateAfter('listener', events)).toBe('bound');
    expect(apiStateAfter('listener', events)).toBe('bound');
  });
});

describe('isApiEvent', () => {
  it('keeps syscall exits and blocks only', () => {
    const log = [{ type: 'syscall.enter' }, ok('bind'), { type: 'syscall.block', syscall: 'accept' }, { type: 'data' }];
    expect(log.filter(isApiEvent).map((e) => e.type)).toEqual(['syscall.exit', 'syscall.block']);
  });
});

describe('apiStates', () => {
  it('names every state of every machine, and nothing else', () => {
    const states = [listenerMachine, clientMachine, connectionMachine].flatMap((m) => Object.keys(m.root.states));
    expect(new Set(states)).toEqual(new Set(apiStates));
  });
});
