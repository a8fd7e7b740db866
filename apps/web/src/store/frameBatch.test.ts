import type { SocklabEvent } from '@socklab/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { helloLog, ready } from '../view/recordings.fixture.ts';
import { answerWaitMs, createFrameBatch, endsAnswer } from './frameBatch.ts';
import { createLabStore } from './labStore.ts';

// The node test environment has no frames: a frame is a callback the test runs by hand.
let frames: (() => void)[] = [];

beforeEach(() => {
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (f: () => void) => frames.push(f));
  vi.stubGlobal('cancelAnimationFrame', (id: number) => {
    frames[id - 1] = () => {};
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('frameBatch', () => {
  it("shows a lesson step's answer as soon as its lesson.ready arrives, in one update", () => {
    const store = createLabStore();
    const updates = vi.fn();
    store.subscribe(updates);
    const batch = createFrameBatch(store);
    // The lesson loaded and ready for step 1, then step 1's answer, up to the lesson.ready after it.
    const loaded = ready(helloLog, 0);
    const upTo = ready(helloLog, 1);
    for (const event of helloLog.slice(0, loaded)) batch.push(event);
    expect(store.getState().log).toHaveLength(loaded);
    const answer = helloLog.slice(loaded, upTo);
    for (const event of answer.slice(0, -1)) batch.push(event);
    // Before the end of the answer, its events wait for the next frame.
    expect(store.getState().log).toHaveLength(loaded);
    batch.push(answer.at(-1)!);
    expect(store.getState().log).toHaveLength(upTo);
    expect(updates).toHaveBeenCalledTimes(2);
    // The frame that was asked for finds nothing left to append.
    for (const frame of frames) frame();
    expect(updates).toHaveBeenCalledTimes(2);
  });

  it('appends events that end no answer (a timer re-reading the table) at the next frame', () => {
    const store = createLabStore();
    const batch = createFrameBatch(store);
    const table = helloLog.find((e) => e.type === 'kernel.table')!;
    batch.push({ ...table, callId: null });
    expect(store.getState().log).toHaveLength(0);
    frames[0]!();
    expect(store.getState().log).toHaveLength(1);
  });

  it("ends a playground call's answer at its kernel table, a lesson step's only at lesson.ready", () => {
    const table = helloLog.find((e) => e.type === 'kernel.table' && e.callId !== null) as SocklabEvent;
    expect(endsAnswer(table, true)).toBe(true);
    expect(endsAnswer(table, false)).toBe(false);
    expect(endsAnswer({ ...table, callId: null } as SocklabEvent, true)).toBe(false);
    // Since SPEC TABLE-1 a call's table mostly comes as changes: they end the answer the same way
    // (they did not, and every playground answer waited for the next frame).
    const changes = helloLog.find((e) => e.type === 'kernel.changes' && e.callId !== null) as SocklabEvent;
    expect(changes).toBeDefined();
    expect(endsAnswer(changes, true)).toBe(true);
    expect(endsAnswer(changes, false)).toBe(false);
    expect(endsAnswer({ ...changes, callId: null } as SocklabEvent, true)).toBe(false);
    const error = { type: 'error', seq: 0, t: 0, code: 'SOCKLAB_ERR_BUSY', message: 'x' } as SocklabEvent;
    expect(endsAnswer(error, false)).toBe(true);
  });

  it('renders an awaited step once: its first events wait for its lesson.ready, not for the next frame', () => {
    const store = createLabStore();
    const updates = vi.fn();
    const batch = createFrameBatch(store);
    const loaded = ready(helloLog, 0);
    const upTo = ready(helloLog, 1);
    for (const event of helloLog.slice(0, loaded)) batch.push(event);
    store.subscribe(updates);
    batch.awaitAnswer();
    const answer = helloLog.slice(loaded, upTo);
    for (const event of answer.slice(0, -1)) batch.push(event);
    // The frames come and go: nothing of the answer is shown before its end.
    for (const frame of frames) frame();
    expect(store.getState().log).toHaveLength(loaded);
    batch.push(answer.at(-1)!);
    expect(store.getState().log).toHaveLength(upTo);
    expect(updates).toHaveBeenCalledTimes(1);
  });

  it('shows what came of an awaited answer after answerWaitMs when its end does not come (a kernel timer)', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const store = createLabStore();
      const batch = createFrameBatch(store);
      const loaded = ready(helloLog, 0);
      for (const event of helloLog.slice(0, loaded)) batch.push(event);
      batch.awaitAnswer();
      batch.push(helloLog[loaded]!);
      vi.advanceTimersByTime(answerWaitMs - 1);
      expect(store.getState().log).toHaveLength(loaded);
      vi.advanceTimersByTime(1);
      expect(store.getState().log).toHaveLength(loaded + 1);
      // The answer's later events go back to one update per frame.
      frames = [];
      batch.push(helloLog[loaded + 1]!);
      expect(frames).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
