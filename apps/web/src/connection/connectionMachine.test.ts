import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, fromCallback, fromPromise } from 'xstate';
import { helloLog } from '../view/recordings.fixture.ts';
import { backoffMs, closeEndedByTeacher, connectionMachine, connectionStatus, send } from './connectionMachine.ts';
import type { CredentialAnswer } from './credential.ts';
import type { SocketOrder, SocketReport } from './webSocketActor.ts';

type FakeSocket = { report: (event: SocketReport) => void; orders: SocketOrder[]; stopped: boolean };

function harness(url: string | null = 'ws://127.0.0.1:1/ws?token=t', credential: () => CredentialAnswer = () => 'ok') {
  const sockets: FakeSocket[] = [];
  const checked: string[] = [];
  const delivered: number[] = [];
  let renewed = 0;
  const machine = connectionMachine.provide({
    actors: {
      socket: fromCallback<SocketOrder, { url: string }>(({ sendBack, receive }) => {
        const fake: FakeSocket = { report: sendBack, orders: [], stopped: false };
        sockets.push(fake);
        receive((order) => fake.orders.push(order));
        return () => {
          fake.stopped = true;
        };
      }),
      credential: fromPromise<CredentialAnswer, { url: string }>(async ({ input }) => {
        checked.push(input.url);
        return credential();
      }),
    },
    actions: {
      deliver: (_, { event }) => delivered.push(event.seq),
      sessionRenewed: () => {
        renewed++;
      },
    },
  });
  const actor = createActor(machine, { input: { url } }).start();
  return {
    actor,
    sockets,
    delivered,
    checked,
    renewed: () => renewed,
    status: () => connectionStatus(actor.getSnapshot()),
  };
}

describe('connectionMachine', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('backs off 0.5 s, 1 s, 2 s, 4 s, 8 s, 8 s', () => {
    expect([1, 2, 3, 4, 5, 6].map(backoffMs)).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('waits for a token', () => {
    const h = harness(null);
    expect(h.status()).toBe('noToken');
    expect(h.sockets).toHaveLength(0);
  });

  it('connects, delivers events and forwards commands only when open', () => {
    const h = harness();
    expect(h.status()).toBe('connecting');
    h.actor.send(send({ type: 'lesson.step' }));
    expect(h.sockets[0]!.orders).toEqual([]);
    h.sockets[0]!.report({ type: 'socket.open' });
    expect(h.status()).toBe('open');
    h.sockets[0]!.report({ type: 'socket.event', event: helloLog[0]! });
    h.actor.send(send({ type: 'lesson.load', lesson: 'hello', params: { port: 0 } }));
    expect(h.delivered).toEqual([0]);
    expect(h.sockets[0]!.orders).toEqual([send({ type: 'lesson.load', lesson: 'hello', params: { port: 0 } })]);
    expect(h.renewed()).toBe(0);
  });

  it('counts invalid frames and carries on', () => {
    const h = harness();
    h.sockets[0]!.report({ type: 'socket.open' });
    h.sockets[0]!.report({ type: 'socket.invalid', error: 'not JSON' });
    h.sockets[0]!.report({ type: 'socket.invalid', error: 'type: Invalid type' });
    expect(h.actor.getSnapshot().context).toMatchObject({ dropped: 2, lastDropped: 'type: Invalid type' });
    expect(h.status()).toBe('open');
  });

  it('reconnects with exponential backoff and renews the session on the next open', () => {
    const h = harness();
    h.sockets[0]!.report({ type: 'socket.open' });
    h.sockets[0]!.report({ type: 'socket.closed', code: 1006, reason: '' });
    expect(h.status()).toBe('reconnecting');
    expect(h.sockets[0]!.stopped).toBe(true);
    vi.advanceTimersByTime(499);
    expect(h.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(h.sockets).toHaveLength(2);
    h.sockets[1]!.report({ type: 'socket.closed', code: 1006, reason: '' });
    vi.advanceTimersByTime(999);
    expect(h.sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(h.sockets).toHaveLength(3);
    h.sockets[2]!.report({ type: 'socket.open' });
    expect(h.renewed()).toBe(1);
    expect(h.actor.getSnapshot().context).toMatchObject({ attempt: 0, sessions: 2 });
  });

  it('retries at once when asked', () => {
    const h = harness();
    h.sockets[0]!.report({ type: 'socket.closed', code: 1006, reason: '' });
    h.actor.send({ type: 'retry' });
    expect(h.sockets).toHaveLength(2);
    expect(h.status()).toBe('connecting');
  });

  it('SECURITY 25: while the server is down it keeps backing off (the credential check cannot answer)', async () => {
    const h = harness(undefined, () => 'unreachable');
    h.sockets[0]!.report({ type: 'socket.open' });
    for (const [i, wait] of [500, 1000, 2000, 4000, 8000, 8000].entries()) {
      h.sockets[i]!.report({ type: 'socket.closed', code: 1006, reason: '' });
      await vi.advanceTimersByTimeAsync(wait - 1);
      expect(h.status()).toBe('reconnecting');
      expect(h.sockets).toHaveLength(i + 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(h.sockets).toHaveLength(i + 2);
    }
    expect(h.checked).toHaveLength(6);
    expect(h.checked[0]).toBe('ws://127.0.0.1:1/ws?token=t');
  });

  it('SECURITY 25: a server that answers but refuses the token (started again) stops the retries, saying so', async () => {
    let answer: CredentialAnswer = 'unreachable';
    const h = harness(undefined, () => answer);
    h.sockets[0]!.report({ type: 'socket.open' });
    h.sockets[0]!.report({ type: 'socket.closed', code: 1006, reason: '' });
    await vi.advanceTimersByTimeAsync(500);
    expect(h.sockets).toHaveLength(2);
    answer = 'refused';
    h.sockets[1]!.report({ type: 'socket.closed', code: 1006, reason: '' });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.status()).toBe('tokenRefused');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.sockets).toHaveLength(2);
    expect(h.status()).toBe('tokenRefused');
  });

  it('a class member the teacher ended (close code 4001) stays ended and never reconnects', async () => {
    const h = harness('ws://127.0.0.2:1/ws?view=v');
    h.sockets[0]!.report({ type: 'socket.open' });
    h.sockets[0]!.report({ type: 'socket.closed', code: closeEndedByTeacher, reason: 'ended by the teacher' });
    expect(h.status()).toBe('ended');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.sockets).toHaveLength(1);
    expect(h.checked).toHaveLength(0);
  });

  it('SECURITY 25: a viewer whose class listener answers 404 on /api/session (unreachable) keeps backing off, and renews on the next open', async () => {
    const h = harness('ws://127.0.0.2:1/ws?view=v', () => 'unreachable');
    h.sockets[0]!.report({ type: 'socket.open' });
    h.sockets[0]!.report({ type: 'socket.closed', code: 1006, reason: '' });
    await vi.advanceTimersByTimeAsync(500);
    h.sockets[1]!.report({ type: 'socket.open' });
    expect(h.status()).toBe('open');
    expect(h.renewed()).toBe(1);
  });

  it.each([
    ['ended', 'ended', 'a seat the teacher ended (a reload, the same URL again)'],
    ['joinRefused', 'joinRefused', 'a join code the teacher replaced'],
    ['labRefused', 'labRefused', 'a lab token of an earlier launch'],
  ] as const)('SECURITY 28: a class page told %s stops in %s, no loop: %s', async (answer, status, _why) => {
    const h = harness('ws://127.0.0.2:1/ws?lab=l&seat=s', () => answer);
    h.sockets[0]!.report({ type: 'socket.closed', code: 1006, reason: '' });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.status()).toBe(status);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.sockets).toHaveLength(1);
    expect(h.checked).toEqual(['ws://127.0.0.2:1/ws?lab=l&seat=s']);
  });
});
