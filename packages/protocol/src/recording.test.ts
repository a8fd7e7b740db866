import { describe, expect, it } from 'vitest';
import { SocklabError } from './errors.ts';
import { parseRecording, RECORDING_VERSION, recordingEnd, recordingHeader, recordingLimits } from './recording.ts';

const header = JSON.stringify(recordingHeader('hello'));
const event = (seq: number) => JSON.stringify({ type: 'lesson.ready', seq, t: seq, lesson: 'hello', next: seq });

describe('parseRecording', () => {
  it('loads a whole recording', () => {
    const r = parseRecording(`${header}\n${event(0)}\n${event(1)}\n`);
    expect(r.header.lesson).toBe('hello');
    expect(r.events.map((e) => e.seq)).toEqual([0, 1]);
    expect(r.truncated).toBe(false);
    expect(r.ended).toBe(false);
  });

  it('knows a recording closed properly by its end line, which must count its events', () => {
    const end = (n: number) => JSON.stringify(recordingEnd(n));
    expect(parseRecording(`${header}\n${event(0)}\n${end(1)}\n`).ended).toBe(true);
    expect(() => parseRecording(`${header}\n${event(0)}\n${end(2)}\n`)).toThrow(/counts 2 events/);
    expect(() => parseRecording(`${header}\n${end(0)}\n${event(0)}\n`)).toThrow(/after the recording's end line/);
  });

  it('SECURITY.md test 15: a recording cut at any byte loads up to its last complete event, or is refused whole', () => {
    const whole = `${header}\n${[0, 1, 2, 3].map(event).join('\n')}\n${JSON.stringify(recordingEnd(4))}\n`;
    for (let cut = header.length + 1; cut < whole.length; cut++) {
      const r = parseRecording(whole.slice(0, cut));
      const complete = whole.slice(0, cut).split('\n').length - 2;
      expect(r.events.length).toBeLessThanOrEqual(4);
      expect(r.events.length).toBeGreaterThanOrEqual(Math.min(4, complete));
      expect(r.events.map((e) => e.seq)).toEqual(r.events.map((_, i) => i));
    }
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
    [
      'a header from another program',
      '{"format":"socklab-recording","version":1,"protocol":2,"createdAt":"' + 'x'.repeat(300) + '"}\n',
    ],
    ['a file that is not a recording', 'hello\n'],
    ['another version', `${JSON.stringify({ ...JSON.parse(header), version: RECORDING_VERSION + 1 })}\n`],
    ['an invalid line in the middle', `${header}\n{"type":"nope"}\n${event(1)}\n`],
    ['too many lines', `${header}\n${`${event(0)}\n`.repeat(recordingLimits.maxLines + 1)}`],
  ])('SECURITY.md test 16: refuses %s with SOCKLAB_ERR_RECORDING, loading nothing', (_what, text) => {
    expect(() => parseRecording(text)).toThrow(SocklabError);
  });
});
