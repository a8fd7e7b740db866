import { hello } from '@socklab/lessons';
import type { SocklabEvent } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { continued, helloLog, ready } from '../view/recordings.fixture.ts';
import { viewAt } from '../view/viewAt.ts';
import { createLabStore, isAwaitingStep } from './labStore.ts';

/** The step the view at the store's cursor shows, 0 before the first (as `Step n of N` counts). */
const shownStep = (store: ReturnType<typeof createLabStore>) => {
  const { log, cursor } = store.getState();
  return (viewAt(log, cursor).current?.index ?? -1) + 1;
};

describe('labStore', () => {
  it('starts on the first lesson, at its default port, live', () => {
    const s = createLabStore({ lang: 'ko' }).getState();
    expect(s).toMatchObject({ lessonId: 'hello', port: 4000, lang: 'ko', live: true, cursor: 0, log: [] });
  });

  it('keeps the cursor at the head while live, and still when reviewing', () => {
    const store = createLabStore();
    for (const event of helloLog.slice(0, 10)) store.getState().append(event);
    expect(store.getState().cursor).toBe(10);
    store.getState().setCursor(4);
    store.getState().append(helloLog[10]!);
    expect(store.getState()).toMatchObject({ cursor: 4, live: false });
    store.getState().goLive();
    expect(store.getState()).toMatchObject({ cursor: 11, live: true });
  });

  it('moves back and forth one step at a time, each press showing another step', () => {
    const store = createLabStore();
    // Up to the server being ready after step 6, then a re-read of the kernel table while timers run.
    const upTo = ready(helloLog, 6);
    const table = helloLog.slice(0, upTo).findLast((e) => e.type === 'kernel.table')!;
    const log: SocklabEvent[] = [...helloLog.slice(0, upTo), ...continued([{ ...table, callId: null }], upTo)];
    for (const event of log) store.getState().append(event);
    expect(shownStep(store)).toBe(6);
    const shown: number[] = [];
    for (let i = 0; i < 7; i++) {
      store.getState().moveCursor(-1);
      shown.push(shownStep(store));
    }
    expect(shown).toEqual([5, 4, 3, 2, 1, 0, 0]);
    expect(store.getState()).toMatchObject({ cursor: ready(helloLog, 0), live: false });
    store.getState().moveCursor(1);
    expect(store.getState().cursor).toBe(ready(helloLog, 1));
    for (let i = 0; i < 5; i++) store.getState().moveCursor(1);
    expect(store.getState()).toMatchObject({ cursor: log.length, live: true });
  });

  it('seeks to the moment a step finished; the head for the latest step', () => {
    const store = createLabStore();
    for (const event of helloLog) store.getState().append(event);
    store.getState().setPlaying(true);
    store.getState().seekStep(3);
    expect(store.getState()).toMatchObject({ cursor: ready(helloLog, 3), live: false, playing: false });
    expect(shownStep(store)).toBe(3);
    store.getState().seekStep(0);
    expect(store.getState().cursor).toBe(ready(helloLog, 0));
    store.getState().seekStep(hello.steps.length);
    expect(store.getState()).toMatchObject({ cursor: helloLog.length, live: true });
    expect(() => store.getState().seekStep(-1)).toThrow(/-1/);
  });

  it('goes forward from between a step and its end to the moment it finished', () => {
    const store = createLabStore();
    for (const event of helloLog) store.getState().append(event);
    const midStep = ready(helloLog, 3) - 2;
    store.getState().setCursor(midStep);
    store.getState().moveCursor(1);
    expect(store.getState().cursor).toBe(ready(helloLog, 3));
  });

  it('is awaiting a step from the command until the server is ready again', () => {
    const store = createLabStore();
    const upToReady = ready(helloLog, 0);
    for (const event of helloLog.slice(0, upToReady)) store.getState().append(event);
    expect(isAwaitingStep(store.getState())).toBe(false);
    store.getState().markStepSent();
    expect(isAwaitingStep(store.getState())).toBe(true);
    const next = ready(helloLog, 1);
    for (const event of helloLog.slice(upToReady, next - 1)) store.getState().append(event);
    expect(isAwaitingStep(store.getState())).toBe(true);
    store.getState().append(helloLog[next - 1]!);
    expect(isAwaitingStep(store.getState())).toBe(false);
  });

  it('refuses a lesson or a port that does not exist', () => {
    const s = createLabStore().getState();
    expect(() => s.selectLesson('nope')).toThrow(/nope/);
    expect(() => s.setPort(70000)).toThrow(/70000/);
  });

  it('clears everything of the old session', () => {
    const store = createLabStore();
    store.getState().append(helloLog[0]!);
    store.getState().setPlaying(true);
    store.getState().clear();
    expect(store.getState()).toMatchObject({ log: [], cursor: 0, live: true, playing: false });
  });
});

describe('labStore selections', () => {
  it('remembers the selected endpoint, packet and tab, and forgets the selections on a new lesson run', () => {
    const store = createLabStore();
    store.getState().append(helloLog[0]!);
    store.getState().selectEndpoint('sock-3');
    store.getState().selectPacket(42);
    store.getState().setPanel('kernel');
    expect(store.getState()).toMatchObject({ selectedEndpoint: 'sock-3', selectedPacket: 42, panel: 'kernel' });
    store.getState().append(helloLog[1]!); // lesson.start
    expect(store.getState()).toMatchObject({ selectedEndpoint: null, selectedPacket: null, panel: 'kernel' });
  });

  it('refuses a tab or a packet that cannot exist', () => {
    const s = createLabStore().getState();
    expect(() => s.setPanel('nope' as 'wire')).toThrow(/nope/);
    expect(() => s.selectPacket(-1)).toThrow(/-1/);
  });
});
