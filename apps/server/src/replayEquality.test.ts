import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Lesson, lessons } from '@socklab/lessons';
import { parseRecording, type SocklabEvent } from '@socklab/protocol';
import { momentOfStep, momentsOf, stepsRunAt } from '@socklab/web/moments';
import { viewAt } from '@socklab/web/view';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningServer } from './httpServer.ts';
import { Recordings } from './recordings.ts';
import { connect, testServer, waitUntil } from './testing/harness.ts';

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const settled = (e: SocklabEvent) => e.type === 'lesson.ready' || e.type === 'lesson.end' || e.type === 'error';

// A lesson stepped to its end through a real server, as a browser drives it: what the WebSocket received,
// and the recording the server wrote of it.
async function liveAndRecorded(lesson: Lesson): Promise<{ live: SocklabEvent[]; recorded: SocklabEvent[] }> {
  const folder = new Recordings(mkdtempSync(join(tmpdir(), 'socklab-eq-')));
  const server = await testServer({ recordings: folder });
  servers.push(server);
  const client = connect(server);
  await client.waitFor((e) => e.type === 'session.hello');
  let seen = client.events.length;
  client.send({ type: 'lesson.load', lesson: lesson.id, params: { port: 0 } });
  for (;;) {
    await waitUntil(() => client.events.slice(seen).some(settled));
    seen = client.events.length;
    const last = client.events.findLast(settled);
    if (last?.type === 'error') throw new Error(`${lesson.id}: ${last.message}`);
    if (last?.type === 'lesson.end' || (last?.type === 'lesson.ready' && last.next === null)) break;
    client.send({ type: 'lesson.step' });
  }
  client.ws.close();
  await client.closed;
  const [entry] = folder.list();
  if (!entry) throw new Error(`${lesson.id}: nothing recorded`);
  // The session writes the end line once its viewer left.
  let recording = parseRecording(folder.read(entry.name));
  await waitUntil(() => {
    recording = parseRecording(folder.read(entry.name));
    return recording.ended;
  });
  expect(readFileSync(join(folder.dir, entry.name), 'utf8').endsWith('\n')).toBe(true);
  return { live: [...client.events], recorded: recording.events };
}

describe('replay shows what live showed', () => {
  it.each(lessons.map((lesson) => [lesson.id, lesson] as const))(
    '%s: recorded, then replayed, the view at every step equals the view live',
    { timeout: 60_000 },
    async (_id, lesson) => {
      const { live, recorded } = await liveAndRecorded(lesson);
      const liveMoments = momentsOf(live);
      const replayMoments = momentsOf(recorded);
      const steps = stepsRunAt(liveMoments, liveMoments.head);
      expect(steps).toBeGreaterThan(0);
      expect(stepsRunAt(replayMoments, replayMoments.head)).toBe(steps);
      for (let count = 0; count <= steps; count++) {
        const atLive = viewAt(live, momentOfStep(liveMoments, count));
        const atReplay = viewAt(recorded, momentOfStep(replayMoments, count));
        expect(atReplay, `${lesson.id}, after ${count} steps`).toEqual(atLive);
      }
    },
  );
});
