import { compareKernelRows, type SocklabEvent, tableChanges } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { echoLog, handshakeLog, helloLog } from './recordings.fixture.ts';
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
  it.each([
    ['hello', helloLog],
    ['echo', echoLog],
    ['handshake', handshakeLog],
  ] as const)(
    'TABLE-1: %s: folded from changes, the view at every event equals the view of whole tables',
    (_name, log) => {
      const { whole, changes } = asChanges(log);
      const sent = changes.filter((e) => e.type === 'kernel.changes');
      expect(sent.length).toBeGreaterThan(3);
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
    },
  );
});
