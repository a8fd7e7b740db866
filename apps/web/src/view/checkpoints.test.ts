import type { SocklabEvent } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { createLabStore } from '../store/labStore.ts';
import { createCheckpoints } from './checkpoints.ts';
import { createMomentsReader, momentsOf } from './moments.ts';
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
    // 0, after lesson.start, and then one each time `max(10, min(cursor / 16, 1024))` events have passed since the last.
    let expected = 1;
    let last = 0;
    for (const [i, event] of helloLog.entries()) {
      if (i + 1 - last >= Math.max(10, Math.min(1024, Math.floor((i + 1) / 16))) || event.type === 'lesson.start') {
        expected++;
        last = i + 1;
      }
    }
    expect(checkpoints.size).toBe(expected);
    expect(checkpoints.size).toBeLessThan(1 + Math.floor(helloLog.length / 10) + 2);
    const other = echoLog.slice(0, 40);
    expect(checkpoints.viewAt(other, 40)).toEqual(viewAt(other, 40));
    expect(checkpoints.viewAt(helloLog, 60)).toEqual(viewAt(helloLog, 60));
  });

  it('folds only the new events at the head of a log that grows in place, equal to viewAt at every cursor', () => {
    const all = joined(Object.values(recordings));
    for (const [name, log] of [
      ...Object.entries(recordings),
      ['joined', all] as const,
      ['one session', oneSession(all)] as const,
    ]) {
      const store = createLabStore();
      const checkpoints = createCheckpoints({ every: 5 });
      const moments = createMomentsReader();
      const array = store.getState().log;
      for (const [i, event] of log.entries()) {
        store.getState().append(event);
        const { log: grown, cursor } = store.getState();
        expect(grown, 'the store appends in place, never copies the log').toBe(array);
        expect(grown.length).toBe(i + 1);
        expect(checkpoints.viewAt(grown, cursor), `${name} at ${cursor}`).toEqual(viewAt(log, cursor));
        expect(moments(grown), `${name} moments at ${cursor}`).toEqual(momentsOf(log.slice(0, cursor)));
        // Looking back meanwhile does not disturb the head.
        if (i % 17 === 0) expect(checkpoints.viewAt(grown, i >> 1)).toEqual(viewAt(log, i >> 1));
      }
    }
  });

  it('reads only the latest run for a first view at the head; a seek into an earlier run reads it then', () => {
    const log = oneSession(joined(Object.values(recordings)));
    const latest = log.findLastIndex((e) => e.type === 'lesson.start');
    expect(latest).toBeGreaterThan(0);
    const checkpoints = createCheckpoints({ every: 5 });
    expect(checkpoints.viewAt(log, log.length)).toEqual(viewAt(log, log.length));
    // Snapshots only after the latest lesson.start (and the one at 0).
    const headOnly = checkpoints.size;
    expect(headOnly).toBeLessThanOrEqual(2 + Math.ceil((log.length - latest) / 5));
    expect(checkpoints.viewAt(log, latest - 1)).toEqual(viewAt(log, latest - 1));
    expect(checkpoints.size).toBeGreaterThan(headOnly);
    // Seeking anywhere afterwards, in any order, is still the plain fold.
    for (let i = 0; i < 80; i++) {
      const cursor = (i * 7919) % (log.length + 1);
      expect(checkpoints.viewAt(log, cursor), `at ${cursor}`).toEqual(viewAt(log, cursor));
    }
  });

  it('refuses a spacing that is not a whole number of events', () => {
    expect(() => createCheckpoints({ every: 0 })).toThrow(/0/);
    expect(() => createCheckpoints({ every: 2.5 })).toThrow(/2\.5/);
  });
});
