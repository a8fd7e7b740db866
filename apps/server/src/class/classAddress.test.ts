import { describe, expect, it } from 'vitest';
import { ClassAddressError, classAddress, hostOf } from './classAddress.ts';

const lan = {
  lo: [{ address: '127.0.0.1', family: 'IPv4' }],
  eth0: [
    { address: '192.168.7.20', family: 'IPv4' },
    { address: 'fd00::20', family: 'IPv6' },
  ],
} as unknown as Parameters<typeof classAddress>[1];

describe('SECURITY 23: --class takes only an explicit address of this machine', () => {
  it.each(['192.168.7.20', '127.0.0.2', '127.9.9.9', 'fd00::20', 'fd00:0::20'])('accepts %s', (address) => {
    expect(classAddress(address, lan)).toBe(address === 'fd00:0::20' ? 'fd00::20' : address);
  });

  it.each([
    ['a name', 'localhost'],
    ['a shorthand', '127.2'],
    ['an octal spelling', '0177.0.0.2'],
    ['the control address', '127.0.0.1'],
    ['every interface', '0.0.0.0'],
    ['every IPv6 interface', '::'],
    ['IPv6 loopback', '::1'],
    ['IPv4-mapped', '::ffff:192.168.7.20'],
    ['multicast', '224.0.0.1'],
    ['broadcast', '255.255.255.255'],
    ['another host', '192.168.7.21'],
    ['a scope id', 'fe80::1%eth0'],
    ['nothing', ''],
  ])('refuses %s (%s) with one clear reason', (_what, address) => {
    expect(() => classAddress(address, lan)).toThrow(ClassAddressError);
    expect(() => classAddress(address, lan)).toThrow(/^--class: /);
  });

  it('writes IPv6 hosts in brackets', () => {
    expect(hostOf('fd00::20', 80)).toBe('[fd00::20]:80');
    expect(hostOf('127.0.0.2', 80)).toBe('127.0.0.2:80');
  });
});
