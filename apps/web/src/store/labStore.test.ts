import { describe, expect, it } from 'vitest';
import { helloLog, ready } from '../view/recordings.fixture.ts';
import { createLabStore, isAwaitingStep, readyPoints } from './labStore.ts';

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

  it('moves the cursor between the moments the server was ready', () => {
    const store = createLabStore();
    for (const event of helloLog) store.getState().append(event);
    const points = readyPoints(helloLog);
    expect(points).toHaveLength(12); // ready 0..10, lesson.end
    store.getState().moveCursor(-1);
    expect(store.getState().cursor).toBe(points.at(-2));
    store.getState().moveCursor(-1);
    expect(store.getState()).toMatchObject({ cursor: points.at(-3), live: false });
    store.getState().moveCursor(1);
    store.getState().moveCursor(1);
    expect(store.getState()).toMatchObject({ cursor: helloLog.length, live: true });
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
