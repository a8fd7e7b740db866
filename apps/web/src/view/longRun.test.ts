import type { SocklabEvent } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { createLabStore } from '../store/labStore.ts';
import { createCheckpoints } from './checkpoints.ts';
import { createMomentsReader, momentsOf } from './moments.ts';
import { echoLog, handshakeLog, helloLog, longRun, refusedLog } from './recordings.fixture.ts';
import { viewAt } from './viewAt.ts';

const events = 20_000;
const log = longRun([echoLog, handshakeLog, helloLog, refusedLog], events);

/** Frame-sized batches, as `createFrameBatch` appends them: 1 to 40 events, in a fixed order. */
const batchSize = (i: number) => 1 + ((i * 7919) % 40);

describe('a long run derived incrementally', () => {
  it('is one run of 20,000 real events', () => {
    expect(log).toHaveLength(events);
    expect(log.filter((e) => e.type === 'lesson.start')).toHaveLength(1);
    expect(log.every((e, i) => e.seq === i)).toBe(true);
    expect(new Set(log.flatMap((e) => (e.type === 'syscall.enter' ? [e.callId] : []))).size).toBe(
      log.filter((e) => e.type === 'syscall.enter').length,
    );
  });

  it('issue 13: the view at the head, appended a frame at a time, equals viewAt from scratch; so do seeks back and the head after them', () => {
    const store = createLabStore();
    const checkpoints = createCheckpoints();
    const moments = createMomentsReader();
    const compareAt = new Set([1_000, 5_000, 9_000, 13_000, 17_000, events]);
    let next = 0;
    for (let batch = 0; next < events; batch++) {
      const upTo = Math.min(events, next + batchSize(batch));
      store.getState().appendMany(log.slice(next, upTo));
      const { log: grown, cursor } = store.getState();
      const head = checkpoints.viewAt(grown, cursor);
      const reached = [...compareAt].find((at) => at > next && at <= upTo);
      next = upTo;
      if (reached === undefined) continue;
      compareAt.delete(reached);
      // The cursor is at the head: compare there, then look back (seeks from snapshots) and come back.
      expect(head, `head at ${cursor}`).toEqual(viewAt(log, cursor));
      expect(moments(grown), `moments at ${cursor}`).toEqual(momentsOf(log.slice(0, cursor)));
      for (const back of [cursor >> 1, cursor - 1, Math.floor(cursor / 3), 7]) {
        expect(checkpoints.viewAt(grown, back), `seek back to ${back} from ${cursor}`).toEqual(viewAt(log, back));
      }
      expect(checkpoints.viewAt(grown, cursor), `head again at ${cursor}`).toEqual(viewAt(log, cursor));
    }
    expect(compareAt.size).toBe(0);
  });

  it('issue 13: the head after seeks goes on equal to a fold from scratch', () => {
    const checkpoints = createCheckpoints();
    const grown: SocklabEvent[] = [];
    for (const [i, event] of log.entries()) {
      grown.push(event);
      checkpoints.viewAt(grown, grown.length);
      // Seeks while the log grows: the snapshots they take must not change what the head folds next.
      if (i % 4_999 === 4_998) checkpoints.viewAt(grown, (i * 13) % grown.length);
    }
    expect(checkpoints.viewAt(grown, grown.length)).toEqual(viewAt(log, log.length));
  });
});

describe('what one event derives again', () => {
  it('issue 13: an event that changes no socket, table or address keeps the sockets, endpoints, kernel table and wire columns the view had', () => {
    const checkpoints = createCheckpoints();
    const grown: SocklabEvent[] = [];
    let checked = 0;
    for (const event of log.slice(0, 10_000)) {
      const before = checkpoints.viewAt(grown, grown.length);
      grown.push(event);
      const after = checkpoints.viewAt(grown, grown.length);
      if (event.type !== 'data' && event.type !== 'syscall.enter' && event.type !== 'syscall.exit') continue;
      checked++;
      expect(after.sockets, `sockets after seq ${event.seq}`).toBe(before.sockets);
      expect(after.endpoints, `endpoints after seq ${event.seq}`).toBe(before.endpoints);
      expect(after.kernelTable, `kernel table after seq ${event.seq}`).toBe(before.kernelTable);
      expect(after.wire.peers, `wire columns after seq ${event.seq}`).toBe(before.wire.peers);
    }
    expect(checked).toBeGreaterThan(1_000);
  });
});
