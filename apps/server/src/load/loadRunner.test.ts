import { readdirSync } from 'node:fs';
import { findLesson, loadLesson } from '@socklab/lessons';
import { isValidEvent, type SocklabEvent } from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { LabSocketPool } from '../limits.ts';
import { silentLogger } from '../logger.ts';
import { Session } from '../session.ts';

let sessions: Session[] = [];
afterEach(() => {
  for (const s of sessions) s.close();
  sessions = [];
});

function session(sockets?: LabSocketPool): { session: Session; events: SocklabEvent[] } {
  const s = new Session({
    id: 'load',
    logger: silentLogger,
    lessons: findLesson,
    load: loadLesson,
    capture: false,
    ...(sockets ? { sockets } : {}),
  });
  sessions.push(s);
  const events: SocklabEvent[] = [];
  s.log.subscribe((e) => events.push(e));
  return { session: s, events };
}

const of = <T extends SocklabEvent['type']>(events: SocklabEvent[], type: T) =>
  events.filter((e): e is Extract<SocklabEvent, { type: T }> => e.type === type);
const openFds = () => readdirSync('/proc/self/fd').length;

describe('the load lesson through a session', () => {
  it('LOAD-1, LOG-2: 300 clients run in one step; every event is valid, and the tally adds up to 10 × N + 4', async () => {
    const { session: s, events } = session();
    await s.handle(JSON.stringify({ type: 'lesson.load', lesson: 'load', params: { clients: 300 } }));
    expect(of(events, 'lesson.start')[0]?.params.clients).toBe(300);
    await s.handle(JSON.stringify({ type: 'lesson.step' }));
    for (const e of events) expect(isValidEvent(e)).toBe(true);
    const samples = of(events, 'load.sample');
    expect(samples.length).toBeGreaterThanOrEqual(2);
    expect(samples[0]?.states.LISTEN).toBe(1);
    expect(samples[0]?.backlog).toBe(loadLesson.backlog);
    expect(samples.at(-1)?.phase).toBe('done');
    expect(samples.at(-1)?.states.TIME_WAIT).toBe(300);
    const tally = of(events, 'load.tally')[0];
    expect(tally?.planned).toBe(300 * 10 + 4);
    expect(tally?.made).toBe(tally?.planned);
    expect(tally?.results.reduce((n, r) => n + r.count, 0)).toBe(tally?.planned);
    expect(of(events, 'lesson.check')[0]?.ok).toBe(true);
    expect(of(events, 'lesson.end')[0]).toMatchObject({ ok: true, mismatches: 0 });
    // One step: per-call events would be 10 × N of them; the aggregated run sends a few dozen.
    expect(events.length).toBeLessThan(100);
  });

  it('LOAD-1, SECURITY 12: clients that do not fit the server’s lab sockets are one clear SOCKLAB_ERR_LIMIT; the session goes on', async () => {
    const { session: s, events } = session(new LabSocketPool(100));
    const before = openFds();
    await s.handle(JSON.stringify({ type: 'lesson.load', lesson: 'load', params: { clients: 1000 } }));
    const errors = of(events, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe('SOCKLAB_ERR_LIMIT');
    expect(errors[0]?.message).toContain('ask for at most 49 clients');
    expect(of(events, 'lesson.start')).toHaveLength(0);
    expect(openFds()).toBe(before);
    await s.handle(JSON.stringify({ type: 'lesson.load', lesson: 'load', params: { clients: 40 } }));
    await s.handle(JSON.stringify({ type: 'lesson.step' }));
    expect(of(events, 'lesson.end')[0]?.ok).toBe(true);
  });

  it('LOAD-1: runs after any other lesson, and another lesson runs after it', async () => {
    const { session: s, events } = session();
    await s.handle(JSON.stringify({ type: 'lesson.load', lesson: 'hello' }));
    for (let i = 0; i < 40 && of(events, 'lesson.end').length === 0; i++) await s.handle('{"type":"lesson.step"}');
    expect(of(events, 'lesson.end')[0]?.ok).toBe(true);
    await s.handle(JSON.stringify({ type: 'lesson.load', lesson: 'load', params: { clients: 100 } }));
    await s.handle('{"type":"lesson.step"}');
    expect(of(events, 'lesson.end')[1]?.ok).toBe(true);
    await s.handle(JSON.stringify({ type: 'lesson.load', lesson: 'hello' }));
    for (let i = 0; i < 40 && of(events, 'lesson.end').length === 2; i++) await s.handle('{"type":"lesson.step"}');
    expect(of(events, 'lesson.end')[2]?.ok).toBe(true);
  });
});
