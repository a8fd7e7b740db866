import type { SocklabEvent } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { compareRuns, compareSteps } from './compare.ts';
import { handshakeLog } from './recordings.fixture.ts';

// The recorded handshake (a real run, FIX-1) against itself and against edited copies of it.
const callOfStep = (log: readonly SocklabEvent[], step: number) => {
  const enter = log.find((e) => e.type === 'syscall.enter' && e.step === step);
  if (enter?.type !== 'syscall.enter') throw new Error(`no call in step ${step}`);
  return enter.callId;
};
const bindStep = 1;
const connectStep = 4;
const steps = 9;

describe('compare (the CLI and the web judge a re-run alike)', () => {
  it('finds every step of a run equal to itself', () => {
    expect(compareRuns(handshakeLog, [...handshakeLog])).toEqual([]);
    const verdicts = compareSteps(handshakeLog, handshakeLog, steps);
    expect(verdicts.map((v) => v.status)).toEqual(Array(steps).fill('match'));
  });

  it('names the step, what differs and both answers when the recording expected another errno', () => {
    const bind = callOfStep(handshakeLog, bindStep);
    const edited = handshakeLog.map((e) =>
      e.type === 'syscall.exit' && e.callId === bind
        ? { ...e, ret: -1, errno: { name: 'EADDRINUSE', code: 98, message: 'Address already in use' } }
        : e,
    );
    const expected = {
      step: bindStep,
      what: 'server bind() returned',
      subject: { kind: 'returned', actor: 'server', about: 'bind' },
      recorded: '-1 EADDRINUSE',
      live: '0',
    };
    expect(compareRuns(edited, handshakeLog)).toEqual([expected]);
    const verdicts = compareSteps(edited, handshakeLog, steps);
    expect(verdicts[bindStep]).toEqual({ step: bindStep, status: 'differs', differences: [expected] });
    expect(verdicts.filter((v) => v.status === 'match')).toHaveLength(steps - 1);
  });

  it('flags a step whose packet the live run did not send', () => {
    const connect = callOfStep(handshakeLog, connectStep);
    const syn = handshakeLog.find((e) => e.type === 'packet' && e.callId === connect && e.flags.join() === 'SYN');
    expect(syn).toBeDefined();
    const live = handshakeLog.filter((e) => e !== syn);
    const [difference, ...others] = compareRuns(handshakeLog, live);
    expect(others).toEqual([]);
    expect(difference).toMatchObject({ step: connectStep, what: 'segments it caused' });
    expect(difference?.recorded.split(' ')).toContain('SYN');
    expect(difference?.live.split(' ')).not.toContain('SYN');
  });

  it('leaves a step pending until the live run finished it', () => {
    const readyAfterBind = handshakeLog.findIndex(
      (e, i) =>
        e.type === 'lesson.ready' && i > handshakeLog.findIndex((s) => s.type === 'lesson.step' && s.index === 1),
    );
    const verdicts = compareSteps(handshakeLog, handshakeLog.slice(0, readyAfterBind + 1), steps);
    expect(verdicts.map((v) => v.status)).toEqual(['match', 'match', ...Array(steps - 2).fill('pending')]);
  });
});
