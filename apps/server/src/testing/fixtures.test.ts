import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseRecording } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { fixtureNames, fixtureShape, recordSession } from './fixtures.ts';

const dir = fileURLToPath(new URL('../../../web/src/view/fixtures/', import.meta.url));

describe('the web’s recorded fixtures', () => {
  it.each(fixtureNames)('FIX-1: %s: recorded again now, it has the committed recording’s shape', async (name) => {
    const committed = parseRecording(readFileSync(`${dir}${name}.ndjson`, 'utf8'));
    expect(committed.truncated).toBe(false);
    const fresh = await recordSession(name);
    expect(fixtureShape(fresh)).toEqual(fixtureShape(committed.events));
  });
});
