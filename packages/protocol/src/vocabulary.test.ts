import { describe, expect, it } from 'vitest';
import { flagLabel, flagSet, sortFlags, tcpFlags } from './vocabulary.ts';

describe('the one flag order', () => {
  it('puts ACK last, as people name segments', () => {
    expect(tcpFlags.at(-1)).toBe('ACK');
    expect(flagLabel(['ACK', 'SYN'])).toBe('SYN-ACK');
    expect(flagLabel(['ACK', 'FIN'])).toBe('FIN-ACK');
    expect(flagLabel(['PSH', 'ACK'])).toBe('PSH-ACK');
    expect(flagLabel([])).toBe('(none)');
  });

  it('sorts any order into one comparable string, without duplicates', () => {
    expect(flagSet(['ACK', 'PSH'])).toBe('PSH,ACK');
    expect(flagSet(['RST', 'ACK', 'RST'])).toBe('RST,ACK');
    expect(sortFlags(['CWR', 'ECE', 'SYN'])).toEqual(['SYN', 'ECE', 'CWR']);
  });
});
