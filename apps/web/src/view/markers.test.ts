import type { SocklabEvent } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { markersOf } from './markers.ts';
import { momentOfStep, momentsOf } from './moments.ts';
import { handshakeLog } from './recordings.fixture.ts';

// A note as the server logs it (session.ts) at the head of the recorded handshake.
const noteAt = (log: readonly SocklabEvent[], at?: { step: number }): SocklabEvent[] => {
  const last = log.at(-1)!;
  const step = at?.step ?? 8;
  return [
    ...log,
    { type: 'marker', note: 'look here', callId: 0, step, ...(at ? { at } : {}), seq: last.seq + 1, t: last.t },
  ];
};

describe('markers', () => {
  it('REPLAY-2: a note at the head is placed at the head', () => {
    const log = noteAt(handshakeLog);
    const note = markersOf(log, momentsOf(log)).find((m) => m.kind === 'note');
    expect(note?.cursor).toBe(log.length);
  });

  it('REPLAY-2: a note added while looking at step 2 is placed where step 2 finished, in the list and on the scrubber', () => {
    const log = noteAt(handshakeLog, { step: 1 });
    const moments = momentsOf(log);
    const markers = markersOf(log, moments);
    const note = markers.find((m) => m.kind === 'note');
    expect(note?.cursor).toBe(momentOfStep(moments, 2));
    // Listed after step 2's chapter, before step 3's.
    const at = markers.indexOf(note!);
    expect(markers[at - 1]).toMatchObject({ kind: 'chapter', index: 1 });
    expect(markers[at + 1]).toMatchObject({ kind: 'chapter', index: 2 });
    expect(moments.marks.find((m) => m.kind === 'note')?.cursor).toBe(momentOfStep(moments, 2));
  });
});
