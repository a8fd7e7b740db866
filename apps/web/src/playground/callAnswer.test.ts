import { describe, expect, it } from 'vitest';
import { helloLog, helloOutsideLog } from '../view/recordings.fixture.ts';
import { answerOf } from './callAnswer.ts';

// Real recordings: a call "sent" just before a `syscall.enter` is answered by what the kernel did next.
function enterOf(log: typeof helloLog, actor: string, syscall: string): number {
  const at = log.findIndex((e) => e.type === 'syscall.enter' && e.actor === actor && e.call.syscall === syscall);
  if (at < 0) throw new Error(`no ${actor} ${syscall}() in the recording`);
  return at;
}

describe('answerOf', () => {
  it("waits until the actor's own call returns, whatever the other actor did", () => {
    const at = enterOf(helloLog, 'client', 'socket');
    const exit = helloLog.findIndex((e, i) => i > at && e.type === 'syscall.exit' && e.actor === 'client');
    const sent = { actor: 'client', socket: null, at };
    expect(answerOf(sent, helloLog.slice(0, exit))).toEqual({ pending: true, refusal: null });
    expect(answerOf(sent, helloLog.slice(0, exit + 1))).toEqual({ pending: false, refusal: null });
    // Another actor's return is not this call's answer.
    expect(answerOf({ ...sent, actor: 'nobody' }, helloLog).pending).toBe(true);
  });

  it('a call that blocks is answered by its syscall.block', () => {
    const at = enterOf(helloOutsideLog, 'server', 'accept');
    const block = helloOutsideLog.findIndex((e, i) => i > at && e.type === 'syscall.block');
    const sent = { actor: 'server', socket: null, at };
    expect(answerOf(sent, helloOutsideLog.slice(0, block)).pending).toBe(true);
    expect(answerOf(sent, helloOutsideLog.slice(0, block + 1)).pending).toBe(false);
  });

  it('a new run or a new session ends the wait; nothing sent awaits nothing', () => {
    const start = helloLog.findIndex((e) => e.type === 'lesson.start');
    expect(answerOf({ actor: 'nobody', socket: null, at: start }, helloLog).pending).toBe(false);
    // A log shorter than where the call left: the store was cleared for a new session.
    expect(answerOf({ actor: 'server', socket: null, at: helloLog.length + 5 }, helloLog).pending).toBe(false);
    expect(answerOf(null, helloLog)).toEqual({ pending: false, refusal: null });
  });
});
