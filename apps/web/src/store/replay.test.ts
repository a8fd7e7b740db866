import { parseRecording } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { helloLog, recordingTexts } from '../view/recordings.fixture.ts';
import { viewAt } from '../view/viewAt.ts';
import { createLabStore } from './labStore.ts';

const echo = parseRecording(recordingTexts.echo);
const shownStep = (store: ReturnType<typeof createLabStore>) => {
  const { log, cursor } = store.getState();
  return (viewAt(log, cursor).current?.index ?? -1) + 1;
};

describe('REPLAY-1: labStore with a recording loaded for replay', () => {
  it('is a finished log shown before its first step, walked with the same moves as live time travel', () => {
    const store = createLabStore();
    store.getState().loadRecording(echo, 'echo.ndjson');
    const s = store.getState();
    expect(s.log).toEqual(echo.events);
    expect(s.replay).toMatchObject({ from: 'echo.ndjson', events: echo.events.length, ended: echo.ended });
    expect(s.live).toBe(false);
    expect(shownStep(store)).toBe(0);
    store.getState().moveCursor(1);
    store.getState().moveCursor(1);
    expect(shownStep(store)).toBe(2);
    store.getState().seekStep(5);
    expect(shownStep(store)).toBe(5);
    store.getState().goLive();
    expect(store.getState()).toMatchObject({ live: true, cursor: echo.events.length });
  });

  it('Play keeps playing while the replay walks the past (it never reaches the server)', () => {
    const store = createLabStore();
    store.getState().loadRecording(echo, 'echo.ndjson');
    store.getState().setPlaying(true);
    store.getState().moveCursor(1);
    expect(store.getState().playing).toBe(true);
  });

  it('keeps the live log aside: live events go on arriving, and leaving the replay shows them at the head', () => {
    const store = createLabStore();
    for (const event of helloLog.slice(0, 10)) store.getState().append(event);
    store.getState().loadRecording(echo, 'echo.ndjson');
    for (const event of helloLog.slice(10, 12)) store.getState().append(event);
    expect(store.getState().log).toEqual(echo.events);
    expect(store.getState().liveLog).toHaveLength(12);
    // A second recording replaces the first; the live log stays aside.
    store.getState().loadRecording(echo, 'again.ndjson');
    expect(store.getState().liveLog).toHaveLength(12);
    store.getState().leaveReplay();
    expect(store.getState()).toMatchObject({ replay: null, live: true, cursor: 12, liveLog: [] });
    expect(store.getState().log).toEqual(helloLog.slice(0, 12));
  });

  it('a failed load says why and changes nothing shown', () => {
    const store = createLabStore();
    store.getState().loadRecording(echo, 'echo.ndjson');
    store.getState().seekStep(3);
    const before = { log: store.getState().log, cursor: store.getState().cursor };
    store.getState().failRecording({ kind: 'version', detail: '99', from: 'bad.ndjson' });
    expect(store.getState()).toMatchObject({ ...before, recordingProblem: { kind: 'version' } });
    store.getState().loadRecording(echo, 'echo.ndjson');
    expect(store.getState().recordingProblem).toBeNull();
  });
});
