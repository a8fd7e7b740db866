import { lessons } from '@socklab/lessons';
import type { SocklabEvent } from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { LabNetwork } from './lab/network.ts';
import { LessonRunner } from './lessonRunner.ts';

// A teacher's pace: before each step a pause of 0–3 s, from a seeded generator so a failure can be replayed.
const seed = Number(process.env.SOCKLAB_PACE_SEED ?? Date.now() % 1_000_000);
function pauses(lessonIndex: number): () => number {
  let x = (seed + lessonIndex * 7919) >>> 0 || 1;
  return () => {
    // xorshift32
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % 3001;
  };
}

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup) f();
  cleanup = [];
});

describe(`lessons at a teacher's pace (seed ${seed})`, () => {
  it('PACE-1: every lesson, with a random pause of 0–3 s before each step, matches the kernel at every step', async () => {
    // All lessons at once, each in its own network where the machine allows it (bounded: the longest lesson).
    const runs = lessons.map(async (lesson, i) => {
      const network = LabNetwork.open();
      const events: SocklabEvent[] = [];
      let seq = 0;
      const runner = new LessonRunner(
        network.lab,
        lesson,
        {},
        (e) => events.push({ ...e, seq: seq++, t: 0 } as SocklabEvent),
        {
          ...network.watchers(),
        },
      );
      cleanup.push(() => {
        runner.dispose();
        network.close();
      });
      const pause = pauses(i);
      runner.start();
      while (runner.next !== null) {
        await new Promise((resolve) => setTimeout(resolve, pause()));
        await runner.step();
      }
      const failed = events.flatMap((e) => (e.type === 'lesson.check' && !e.ok ? [`#${e.index + 1} ${e.actual}`] : []));
      return { lesson: lesson.id, failed, summary: runner.summary() };
    });
    const results = await Promise.all(runs);
    expect(results.filter((r) => r.failed.length > 0 || !r.summary.finished)).toEqual([]);
  }, 120_000);
});
