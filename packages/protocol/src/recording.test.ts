import { describe, expect, it } from 'vitest';
import { SocklabError } from './errors.ts';
import { parseRecording, RECORDING_VERSION, recordingHeader, recordingLimits } from './recording.ts';

const header = JSON.stringify(recordingHeader('hello'));
const event = (seq: number) => JSON.stringify({ type: 'lesson.ready', seq, t: seq, lesson: 'hello', next: seq });

describe('parseRecording', () => {
  it('loads a whole recording', () => {
    const r = parseRecording(`${header}\n${event(0)}\n${event(1)}\n`);
    expect(r.header.lesson).toBe('hello');
    expect(r.events.map((e) => e.seq)).toEqual([0, 1]);
    expect(r.truncated).toBe(false);
  });

  it('drops and reports a torn last line, keeping every complete event', () => {
    const whole = `${header}\n${event(0)}\n${event(1)}\n`;
    const cut = whole.slice(0, whole.length - 9);
    const r = parseRecording(cut);
    expect(r.events.map((e) => e.seq)).toEqual([0]);
    expect(r.truncated).toBe(true);
  });

  it.each([
    ['an empty file', ''],
    ['a file that is not a recording', 'hello\n'],
    ['another version', `${JSON.stringify({ ...JSON.parse(header), version: RECORDING_VERSION + 1 })}\n`],
    ['an invalid line in the middle', `${header}\n{"type":"nope"}\n${event(1)}\n`],
    ['too many lines', `${header}\n${`${event(0)}\n`.repeat(recordingLimits.maxLines + 1)}`],
  ])('refuses %s with SOCKLAB_ERR_RECORDING', (_what, text) => {
    expect(() => parseRecording(text)).toThrow(SocklabError);
  });
});
