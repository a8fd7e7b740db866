import { describe, expect, it } from 'vitest';
import { flagLabel, formatTimer, shortAddress } from './format.ts';

describe('flagLabel', () => {
  it('names segments as people say them', () => {
    expect(flagLabel(['SYN'])).toBe('SYN');
    expect(flagLabel(['SYN', 'ACK'])).toBe('SYN-ACK');
    expect(flagLabel(['ACK'])).toBe('ACK');
    expect(flagLabel(['ACK', 'PSH'])).toBe('PSH-ACK');
    expect(flagLabel(['ACK', 'FIN'])).toBe('FIN-ACK');
    expect(flagLabel(['ACK', 'PSH', 'FIN'])).toBe('PSH-FIN-ACK');
    expect(flagLabel(['RST'])).toBe('RST');
    expect(flagLabel(['ACK', 'RST'])).toBe('RST-ACK');
    expect(flagLabel([])).toBe('(none)');
  });
});

describe('formatTimer', () => {
  it('shows the kind and the seconds left, like ss -o', () => {
    expect(formatTimer({ kind: 'off', expiresMs: 0, retrans: 0 })).toBeNull();
    expect(formatTimer({ kind: 'timewait', expiresMs: 58_213, retrans: 0 })).toBe('timewait 58.2s');
    expect(formatTimer({ kind: 'on', expiresMs: 200, retrans: 2 })).toBe('on 0.2s ×2');
  });
});

describe('shortAddress', () => {
  it('keeps only the port of a loopback IPv4 address', () => {
    expect(shortAddress({ family: 'inet', host: '127.0.0.1', port: 4000 })).toBe(':4000');
    expect(shortAddress({ family: 'inet6', host: '::1', port: 4000 })).toBe('[::1]:4000');
    expect(shortAddress(null)).toBeNull();
  });
});
