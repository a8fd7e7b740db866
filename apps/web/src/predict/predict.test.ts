import { hello } from '@socklab/lessons';
import type { SocklabEvent } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { choicesFor, kernelOutcome, outcomeKey, outcomeOf, scoreOf } from './predict.ts';

const ev = (e: Record<string, unknown>) => e as unknown as SocklabEvent;
const log = [
  ev({ seq: 1, type: 'lesson.start', lesson: 'hello' }),
  ev({ seq: 2, type: 'syscall.enter', callId: 7, actor: 'server', step: 0 }),
  ev({ seq: 3, type: 'syscall.exit', callId: 7, actor: 'server', ret: 3, errno: null }),
  ev({ seq: 4, type: 'syscall.enter', callId: 8, actor: 'server', step: 1 }),
  ev({ seq: 5, type: 'syscall.exit', callId: 8, ret: -1, errno: { name: 'EADDRINUSE', code: 98, message: '' } }),
  ev({ seq: 6, type: 'syscall.enter', callId: 9, actor: 'server', step: 3 }),
  ev({ seq: 7, type: 'syscall.block', callId: 9, actor: 'server' }),
  ev({ seq: 8, type: 'syscall.exit', callId: 9, ret: 4, errno: null }),
];

describe('predict, then see (issue 11 item 5)', () => {
  it("offers return, block and three errnos, the lesson's expected one among them", () => {
    for (const step of hello.steps) {
      const keys = choicesFor(step).map(outcomeKey);
      expect(keys.slice(0, 2)).toEqual(['return', 'block']);
      expect(keys.filter((k) => k.startsWith('errno:'))).toHaveLength(3);
      if (typeof step.expect.errno === 'string') expect(keys).toContain(`errno:${step.expect.errno}`);
    }
    expect(
      choicesFor({ call: { syscall: 'bind', socket: 's', host: 'h', port: 1 }, expect: { errno: 'EPERM' } }).map(
        outcomeKey,
      ),
    ).toContain('errno:EPERM');
  });

  it('takes the answer from the kernel: exit ≥ 0, exit with errno, block before exit', () => {
    expect(kernelOutcome(log, 1, 0)).toEqual({ kind: 'return' });
    expect(kernelOutcome(log, 1, 1)).toEqual({ kind: 'errno', errno: 'EADDRINUSE' });
    expect(kernelOutcome(log, 1, 3)).toEqual({ kind: 'block' });
    expect(kernelOutcome(log, 1, 2)).toBeNull();
    // Before the answer arrived (the cursor in the past), there is none.
    expect(kernelOutcome(log, 1, 1, 4)).toBeNull();
    expect(outcomeOf('errno:EPIPE')).toEqual({ kind: 'errno', errno: 'EPIPE' });
  });

  it('scores only the predicted steps the kernel answered', () => {
    const predictions = {
      0: outcomeOf('return'),
      1: outcomeOf('return'),
      2: outcomeOf('block'),
      3: outcomeOf('block'),
    };
    expect(scoreOf(predictions, (i) => kernelOutcome(log, 1, i))).toEqual({ right: 2, total: 3 });
  });
});
