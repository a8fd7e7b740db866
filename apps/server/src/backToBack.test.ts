import { lessons } from '@socklab/lessons';
import type { SocklabEvent } from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { PortClaims } from './lessonRunner.ts';
import { silentLogger } from './logger.ts';
import { Session, type SessionOptions } from './session.ts';

let sessions: Session[] = [];
afterEach(() => {
  for (const s of sessions) s.close();
  sessions = [];
});

/** Runs every lesson in list order, `rounds` times, in one session; returns what went wrong. */
async function runAll(options: Partial<SessionOptions>, rounds: number): Promise<string[]> {
  const session = new Session({ id: `b2b-${sessions.length}`, logger: silentLogger, ...options });
  sessions.push(session);
  const events: SocklabEvent[] = [];
  session.log.subscribe((e) => events.push(e));
  const problems: string[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const lesson of lessons) {
      const from = events.length;
      await session.handle(JSON.stringify({ type: 'lesson.load', lesson: lesson.id }));
      for (let i = 0; i < lesson.steps.length; i++) await session.handle('{"type":"lesson.step"}');
      const mine = events.slice(from);
      for (const e of mine) {
        if (e.type === 'lesson.check' && !e.ok)
          problems.push(`round ${round} ${lesson.id} #${e.index + 1}: ${e.actual}`);
        if (e.type === 'error') problems.push(`round ${round} ${lesson.id}: ${e.code} ${e.message}`);
      }
      if (!mine.some((e) => e.type === 'lesson.end' && e.ok))
        problems.push(`round ${round} ${lesson.id}: did not end ok`);
    }
  }
  return problems;
}

const serverClaims = (): PortClaims => {
  const held = new Set<number>();
  return { claim: (p) => !held.has(p) && Boolean(held.add(p)), release: (p) => held.delete(p) };
};

describe('ISO-1, ISO-2: every lesson back to back on its default port', () => {
  it('three times over in one session (each run in its own network where the machine allows it)', async () => {
    expect(await runAll({}, 3)).toEqual([]);
  }, 180_000);

  it('in two sessions at once', async () => {
    const claims = serverClaims();
    const results = await Promise.all([runAll({ claims }, 1), runAll({ claims }, 1)]);
    expect(results.flat()).toEqual([]);
  }, 180_000);

  it('in two sessions at once on the host’s shared network, without capture (as an unprivileged server runs)', async () => {
    const claims = serverClaims();
    const shared = { claims, isolate: false, capture: false } as const;
    const results = await Promise.all([runAll(shared, 1), runAll(shared, 1)]);
    expect(results.flat()).toEqual([]);
  }, 180_000);
});
