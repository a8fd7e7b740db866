import { describe, expect, it } from 'vitest';
import { createLabStore } from '../store/labStore.ts';
import { recordingTexts } from '../view/recordings.fixture.ts';
import { loadRecordingText } from './loadRecording.ts';

const echo = recordingTexts.echo;
const [header = '', ...rest] = echo.split('\n');

describe('REPLAY-1: loading a recording (SECURITY.md test 16)', () => {
  it('loads a whole file and reports a cut one as loaded up to its last complete event', () => {
    const store = createLabStore();
    expect(loadRecordingText(store, echo, 'echo.ndjson')).toBe(true);
    const whole = store.getState().replay?.events ?? 0;
    const cut = echo.slice(0, echo.lastIndexOf('"seq"'));
    expect(loadRecordingText(store, cut, 'cut.ndjson')).toBe(true);
    expect(store.getState().replay).toMatchObject({ from: 'cut.ndjson', truncated: true, ended: false });
    expect(store.getState().replay?.events).toBeLessThan(whole);
  });

  it.each([
    ['another version', [header.replace('"version":1', '"version":99'), ...rest].join('\n'), 'version', '99'],
    ['a line that is not an event', [header, '{"type":"nope"}', ...rest].join('\n'), 'line', '2'],
    ['a file that is no recording', 'hello\n', 'notRecording', undefined],
    ['a file over the limits', `${header}\n${'x'.repeat(17 * 1024 * 1024)}`, 'limits', undefined],
  ])('refuses %s with one problem and keeps what was shown', (_what, text, kind, detail) => {
    const store = createLabStore();
    loadRecordingText(store, echo, 'echo.ndjson');
    store.getState().seekStep(2);
    const { log, cursor } = store.getState();
    expect(loadRecordingText(store, text, 'bad.ndjson')).toBe(false);
    expect(store.getState()).toMatchObject({ log, cursor, replay: { from: 'echo.ndjson' } });
    expect(store.getState().recordingProblem).toMatchObject({ kind, from: 'bad.ndjson' });
    if (detail !== undefined) expect(store.getState().recordingProblem?.detail).toBe(detail);
  });
});
