import { compareKernelRows, type SocklabEvent, tableChanges, wholeTables } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { echoLog, handshakeLog, helloLog, helloWholeTablesLog } from './recordings.fixture.ts';
import { viewAt } from './viewAt.ts';

// A recording made when every table was sent whole, as the server sends it now (SPEC TABLE-1): each
// lab run's first table whole, every later one as what changed since the one before.
function asChanges(log: readonly SocklabEvent[]): { whole: SocklabEvent[]; changes: SocklabEvent[] } {
  const whole: SocklabEvent[] = [];
  const changes: SocklabEvent[] = [];
  let before: SocklabEvent | null = null;
  for (const event of log) {
    if (event.type === 'lesson.start' || event.type === 'session.hello') before = null;
    if (event.type !== 'kernel.table') {
      whole.push(event);
      changes.push(event);
      continue;
    }
    const sorted = { ...event, rows: [...event.rows].sort(compareKernelRows) };
    whole.push(sorted);
    if (before?.type === 'kernel.table') {
      const { seq, t, source, callId } = event;
      changes.push({ seq, t, type: 'kernel.changes', source, callId, ...tableChanges(before.rows, sorted.rows) });
    } else changes.push(sorted);
    before = sorted;
  }
  return { whole, changes };
}

describe('the kernel table sent as changes', () => {
  it('TABLE-1: a recording made with whole tables loads as before, and sent as changes shows the same table and endpoints at every event', () => {
    const log = helloWholeTablesLog;
    expect(log.some((e) => e.type === 'kernel.changes')).toBe(false);
    const { whole, changes } = asChanges(log);
    expect(changes.filter((e) => e.type === 'kernel.changes').length).toBeGreaterThan(3);
    // Fewer rows cross the wire than whole tables carry.
    const rows = (events: SocklabEvent[]) =>
      events.reduce((n, e) => n + (e.type === 'kernel.table' || e.type === 'kernel.changes' ? e.rows.length : 0), 0);
    expect(rows(changes)).toBeLessThan(rows(whole));
    for (let cursor = 0; cursor <= log.length; cursor++) {
      expect(JSON.stringify(viewAt(changes, cursor).kernelTable)).toBe(
        JSON.stringify(viewAt(whole, cursor).kernelTable),
      );
      expect(JSON.stringify(viewAt(changes, cursor).endpoints)).toBe(JSON.stringify(viewAt(whole, cursor).endpoints));
    }
    expect(viewAt(log, log.length).kernelTable?.rows.map((r) => r.state)).toEqual(['TIME_WAIT']);
  });

  it.each([
    ['hello', helloLog],
    ['echo', echoLog],
    ['handshake', handshakeLog],
  ] as const)('TABLE-1: %s as recorded now: one whole table, then the changes, which the view folds', (_name, log) => {
    const tables = log.filter((e) => e.type === 'kernel.table' || e.type === 'kernel.changes');
    expect(tables[0]?.type).toBe('kernel.table');
    expect(tables.length).toBeGreaterThan(3);
    expect(tables.slice(1).every((e) => e.type === 'kernel.changes')).toBe(true);
    const whole = wholeTables(log);
    for (let cursor = 1; cursor <= log.length; cursor++) {
      const table = whole.findLast((t) => t.seq <= (log[cursor - 1]?.seq ?? -1));
      const shown = viewAt(log, cursor).kernelTable;
      expect(shown?.rows.map(({ endpoint, fd, holder, change, changed, ...row }) => row) ?? null).toEqual(
        table?.rows ?? null,
      );
    }
  });
});
