import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlace, placeHash } from './place.ts';

describe('REPLAY-3: the address hash', () => {
  it('reads a live and a replay link', () => {
    expect(parsePlace('#lesson=echo&step=7&lang=ko')).toEqual({ lesson: 'echo', step: 7, lang: 'ko' });
    expect(parsePlace('#step=5&lang=en')).toEqual({ step: 5, lang: 'en' });
    expect(parsePlace('')).toEqual({});
  });

  it.each([
    ['an unknown lesson', '#lesson=../../etc', {}],
    ['a negative step', '#step=-1', {}],
    ['a fractional step', '#step=2.5', {}],
    ['a huge step', '#step=99999', {}],
    ['a step in other digits', '#step=%EF%BC%93', {}],
    ['another language', '#lang=fr&lesson=hello', { lesson: 'hello' }],
    ['a broken escape', '#lesson=%E0%A4%A&step=3', { step: 3 }],
    ['a prototype key', '#__proto__=1&constructor=2', {}],
  ])('leaves out %s (defaults apply)', (_what, hash, place) => {
    expect(parsePlace(hash)).toEqual(place);
  });

  it('writes what it reads back, and never throws on any hash', () => {
    expect(placeHash({ lesson: 'echo', step: 7, lang: 'ko' })).toBe('#lesson=echo&step=7&lang=ko');
    expect(placeHash({})).toBe('');
    fc.assert(
      fc.property(fc.string(), (hash) => {
        const place = parsePlace(hash);
        expect(parsePlace(placeHash(place))).toEqual(place);
      }),
      { numRuns: 2000 },
    );
  });
});
