import type { SocklabEvent } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { createCheckpoints } from './checkpoints.ts';
import { continued, echoLog, handshakeLog, helloLog, helloOutsideLog } from './recordings.fixture.ts';
import { viewAt } from './viewAt.ts';

const recordings = { hello: helloLog, echo: echoLog, handshake: handshakeLog, helloOutside: helloOutsideLog };

/** The recordings one after the other, renumbered, as one log: several sessions, several lessons. */
function joined(logs: readonly (readonly SocklabEvent[])[]): SocklabEvent[] {
  const log: SocklabEvent[] = [];
  for (const events of logs) log.push(...continued(events, log.length));
  return log;
}

/** The same log in one session: the later sessions' hellos left out, so each lesson restarts in the first. */
const oneSession = (log: readonly SocklabEvent[]) =>
  continued(
    log.filter((e, i) => e.type !== 'session.hello' || i === 0),
    0,
  );

describe('createCheckpoints', () => {
  it('gives exactly the plain fold at every cursor of every recording', () => {
    for (const [name, log] of Object.entries(recordings)) {
      for (const every of [50, 7, 1]) {
        const checkpoints = createCheckpoints({ every });
        for (let cursor = 0; cursor <= log.length; cursor++) {
          expect(checkpoints.viewAt(log, cursor), `${name} every ${every} at ${cursor}`).toEqual(viewAt(log, cursor));
        }
      }
    }
  });

  it('gives the plain fold across sessions and lessons, seeking back and forth', () => {
    const all = joined(Object.values(recordings));
    for (const log of [all, oneSession(all)]) {
      const checkpoints = createCheckpoints({ every: 13 });
      const cursors = [log.length, 0, 3, ...Array.from({ length: 60 }, (_, i) => (i * 37) % (log.length + 1))];
      for (const cursor of cursors)
        expect(checkpoints.viewAt(log, cursor), `at ${cursor}`).toEqual(viewAt(log, cursor));
    }
  });

  it('follows a growing log, and starts over on a log that does not continue it', () => {
    const checkpoints = createCheckpoints({ every: 10 });
    const log: SocklabEvent[] = [];
    for (const event of helloLog) {
      log.push(event);
      expect(checkpoints.viewAt([...log], log.length)).toEqual(viewAt(log, log.length));
    }
    expect(checkpoints.size).toBe(1 + Math.floor(helloLog.length / 10) + 1); // 0, every 10th, after lesson.start
    const other = echoLog.slice(0, 40);
    expect(checkpoints.viewAt(other, 40)).toEqual(viewAt(other, 40));
    expect(checkpoints.viewAt(helloLog, 60)).toEqual(viewAt(helloLog, 60));
  });

  it('refuses a spacing that is not a whole number of events', () => {
    expect(() => createCheckpoints({ every: 0 })).toThrow(/0/);
    expect(() => createCheckpoints({ every: 2.5 })).toThrow(/2\.5/);
  });
});
