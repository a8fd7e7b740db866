import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnyStateMachine, createActor } from 'xstate';
import { apiNext, apiStart, apiValue } from './apiSnapshot.ts';
import type { ApiEvent } from './events.ts';
import { machineForRole, type Role } from './roles.ts';

const syscalls = ['bind', 'listen', 'accept', 'connect', 'read', 'write', 'shutdown', 'close'] as const;
const errnos = [null, 'EBADF', 'EADDRINUSE', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EINVAL', 'EAGAIN'] as const;

const event: fc.Arbitrary<ApiEvent> = fc.oneof(
  fc.record({ type: fc.constant('syscall.block' as const), syscall: fc.constantFrom(...syscalls) }),
  fc
    .record({
      syscall: fc.constantFrom(...syscalls),
      ret: fc.constantFrom(-1, 0, 1, 13),
      errno: fc.constantFrom(...errnos),
      how: fc.constantFrom(undefined, 'SHUT_RD', 'SHUT_WR', 'SHUT_RDWR'),
      created: fc.constantFrom(undefined, 'sock-9'),
    })
    .map(
      ({ syscall, ret, errno, how, created }): ApiEvent => ({
        type: 'syscall.exit',
        syscall,
        ret,
        errno: ret === -1 && errno !== null ? { name: errno } : null,
        ...(created === undefined ? {} : { created }),
        ...(how === undefined ? {} : { args: { how } }),
      }),
    ),
);

describe('apiNext: pure, remembered transitions', () => {
  for (const role of ['listener', 'client', 'connection'] as Role[]) {
    it(`gives what an xstate actor of the ${role} machine reaches, event by event, value and context`, () => {
      fc.assert(
        fc.property(fc.array(event, { maxLength: 12 }), (events) => {
          const actor = createActor(machineForRole(role) as AnyStateMachine);
          actor.subscribe({ error: () => undefined });
          actor.start();
          let at = apiStart(role);
          for (const e of events) {
            if (actor.getSnapshot().status === 'active') actor.send(e);
            at = apiNext(at, e);
            const want = actor.getSnapshot();
            expect(at.snapshot.value).toEqual(want.value);
            expect(at.snapshot.context).toEqual(want.context);
            expect(at.snapshot.status).toBe(want.status);
          }
          actor.stop();
        }),
        { numRuns: 500 },
      );
    });
  }

  it('ignores events after close, and two sockets from one snapshot do not share later state', () => {
    const bound = apiNext(apiStart('client'), { type: 'syscall.exit', syscall: 'bind', ret: 0, errno: null });
    const closed = apiNext(bound, { type: 'syscall.exit', syscall: 'close', ret: 0, errno: null });
    expect(apiValue(closed)).toBe('closed');
    expect(apiNext(closed, { type: 'syscall.exit', syscall: 'read', ret: 0, errno: null })).toBe(closed);
    expect(apiValue(bound)).toBe('bound');
  });
});
