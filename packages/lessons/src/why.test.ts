import { describe, expect, it } from 'vitest';
import { lessons } from './index.ts';
import { languages } from './types.ts';
import { manUrl, rfcUrl, whyOf } from './why.ts';

describe("a step's why (issue 11 item 4)", () => {
  it('every step of every lesson has its call’s man page, an RFC 9293 section and a text in every language', () => {
    for (const lesson of lessons)
      for (const step of lesson.steps) {
        const why = whyOf(step);
        expect(why.man).toBe(`${step.call.syscall}(2)`);
        expect(why.rfc.section).toMatch(/^3(\.\d+)+$/);
        for (const lang of languages) expect(why.text[lang].length, `${lesson.id} ${lang}`).toBeGreaterThan(40);
      }
  });

  it('a refused connect rests on Reset Generation, a plain one on Establishing a Connection', () => {
    const call = { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: 1 } as const;
    expect(whyOf({ call, expect: { errno: 'ECONNREFUSED' } }).rfc).toEqual({
      section: '3.5.2',
      title: 'Reset Generation',
    });
    expect(whyOf({ call, expect: { ret: 0 } }).rfc.section).toBe('3.5');
    expect(manUrl('connect(2)')).toBe('https://man7.org/linux/man-pages/man2/connect.2.html');
    expect(rfcUrl('3.5')).toBe('https://www.rfc-editor.org/rfc/rfc9293#section-3.5');
  });
});
