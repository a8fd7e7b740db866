import { compileFastCheck, EventSchema } from '@socklab/protocol';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { recordingTexts } from '../view/recordings.fixture.ts';

// The fixtures' event lines as JSON, before any check.
const events = Object.values(recordingTexts).flatMap((text) =>
  text
    .split('\n')
    .slice(1)
    .filter((line) => line !== '' && !line.startsWith('{"format"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>),
);
const isEvent = compileFastCheck(EventSchema);

/** Every value one edit away from `value`: each leaf replaced by a wrong one, each object given an extra key or losing one. */
function* mutations(value: unknown): Generator<unknown> {
  const wrong = [null, -1, 1.5, 2 ** 33, '', 'x'.repeat(2000), true, [], {}, 'not a state'];
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries())
      for (const m of mutations(item)) yield value.map((x, j) => (j === i ? m : x));
    yield [...value, value[0] ?? 1];
    return;
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    yield { ...record, extra: 1 };
    for (const key of Object.keys(record)) {
      const { [key]: _dropped, ...rest } = record;
      yield rest;
      for (const m of mutations(record[key])) yield { ...record, [key]: m };
    }
    return;
  }
  yield* wrong;
}

describe('the fast event check (recordings load in ≤ 1 s, issue 13)', () => {
  it('accepts every event of the recorded fixtures, as valibot does', () => {
    expect(events.length).toBeGreaterThan(100);
    for (const event of events) {
      expect(v.is(EventSchema, event)).toBe(true);
      expect(isEvent(event)).toBe(true);
    }
  });

  it('never accepts what valibot refuses: every one-edit mutation of every fixture event', () => {
    let refused = 0;
    for (const event of events.slice(0, 400)) {
      for (const mutated of mutations(event)) {
        const valid = v.is(EventSchema, mutated);
        if (isEvent(mutated)) expect(valid, JSON.stringify(mutated)).toBe(true);
        if (!valid) refused++;
      }
    }
    expect(refused).toBeGreaterThan(1000);
  });

  it('refuses an object with a key the schema does not name (valibot would drop it), and a schema it does not know', () => {
    const [event] = events;
    expect(isEvent({ ...event, extra: 1 })).toBe(false);
    expect(compileFastCheck(v.pipe(v.string(), v.email()))('a@b.c')).toBe(false);
  });
});
