import { findLesson } from '@socklab/lessons';
import { isValidEvent, type SocklabEvent } from '@socklab/protocol';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from './logger.ts';
import { Session } from './session.ts';

let sessions: Session[] = [];
afterEach(() => {
  for (const s of sessions) s.close();
  sessions = [];
});

function session(): { session: Session; events: SocklabEvent[] } {
  // No lesson can be found: fuzzed input never opens real sockets.
  const s = new Session({ id: 'fuzz', logger: silentLogger, lessons: () => undefined, capture: false });
  sessions.push(s);
  const events: SocklabEvent[] = [];
  s.log.subscribe((e) => events.push(e));
  return { session: s, events };
}

const hostile = fc.oneof(
  fc.string(),
  fc.json(),
  fc.constantFrom(
    '{"__proto__":{"type":"lesson.step"}}',
    '{"type":"lesson.load","lesson":"hello","__proto__":{"polluted":true}}',
    '{"type":"lesson.load","lesson":{"__proto__":null}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '[]',
    'null',
    '"lesson.step"',
    '{"type":"lesson.load","lesson":"../../etc/passwd"}',
    '{"type":"lesson.load","lesson":"hello","params":{"port":-1}}',
  ),
  fc
    .record({ type: fc.constantFrom('lesson.load', 'lesson.step', 'lesson.reset', '__proto__'), lesson: fc.anything() })
    .map((o) => JSON.stringify(o)),
);

describe('Session.handle (SECURITY.md 12)', () => {
  it('never throws and answers every message with valid events', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (text) => {
        const { session: s, events } = session();
        await s.handle(text);
        expect(events.length).toBeGreaterThan(0);
        for (const e of events) expect(isValidEvent(e)).toBe(true);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
  });

  it('reports a bad message with its reason', async () => {
    const { session: s, events } = session();
    await s.handle('{"type":"lesson.load"}');
    expect(events[0]).toMatchObject({ type: 'error', code: 'SOCKLAB_ERR_BAD_MESSAGE' });
    expect((events[0] as { message: string }).message).toContain('lesson');
  });
});

describe('markers', () => {
  it('REPLAY-2: marker.add logs a marker after the latest call and step of the run; without a run it is refused', async () => {
    const { session: s, events } = session();
    await s.handle('{"type":"marker.add","note":"too early"}');
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'SOCKLAB_ERR_LESSON_STATE' });
    await s.handle('{"type":"playground.start"}');
    await s.handle('{"type":"marker.add","note":"<b>before</b> any call"}');
    expect(events.at(-1)).toMatchObject({ type: 'marker', note: '<b>before</b> any call', callId: null, step: null });
    await s.handle('{"type":"playground.call","actor":"server","call":{"syscall":"socket"}}');
    const call = events.findLast((e) => e.type === 'syscall.enter');
    await s.handle('{"type":"marker.add","note":"after socket()"}');
    expect(events.at(-1)).toMatchObject({ type: 'marker', callId: call?.type === 'syscall.enter' ? call.callId : -1 });
    for (const e of events) expect(isValidEvent(e)).toBe(true);
  });

  it('REPLAY-2: marker.add with at is placed at the end of a step of this run that already ran; a step to come, or the playground, is refused', async () => {
    const s = new Session({ id: 'notes', logger: silentLogger, lessons: findLesson, capture: false });
    sessions.push(s);
    const events: SocklabEvent[] = [];
    s.log.subscribe((e) => events.push(e));
    await s.handle('{"type":"playground.start"}');
    await s.handle('{"type":"marker.add","note":"nowhere","at":{"step":0}}');
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'SOCKLAB_ERR_LESSON_STATE' });
    await s.handle('{"type":"lesson.load","lesson":"handshake","params":{"port":0}}');
    for (let i = 0; i < 3; i++) await s.handle('{"type":"lesson.step"}');
    const secondCall = events.findLast((e) => e.type === 'syscall.enter' && e.step === 1);
    await s.handle('{"type":"marker.add","note":"bind() named the port","at":{"step":1}}');
    expect(events.at(-1)).toEqual({
      type: 'marker',
      note: 'bind() named the port',
      callId: secondCall?.type === 'syscall.enter' ? secondCall.callId : -1,
      step: 1,
      at: { step: 1 },
      seq: expect.any(Number),
      t: expect.any(Number),
    });
    await s.handle('{"type":"marker.add","note":"not yet","at":{"step":3}}');
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'SOCKLAB_ERR_LESSON_STATE' });
    expect((events.at(-1) as { message: string }).message).toContain('step 3 has not run');
    // A new run starts with no steps that ran.
    await s.handle('{"type":"lesson.reset"}');
    await s.handle('{"type":"marker.add","note":"gone","at":{"step":0}}');
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'SOCKLAB_ERR_LESSON_STATE' });
    for (const e of events) expect(isValidEvent(e)).toBe(true);
  });
});
