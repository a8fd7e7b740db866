import { ErrorCode } from '@socklab/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLabAddress } from './addressPolicy.ts';

const refused = (host: string, port = 5000, use: 'bind' | 'connect' = 'connect') => {
  try {
    checkLabAddress(host, port, use);
    return false;
  } catch (err) {
    return (err as { code?: string }).code === ErrorCode.addressRefused;
  }
};

describe('checkLabAddress (SECURITY.md #5, #7)', () => {
  it('accepts canonical loopback addresses', () => {
    expect(checkLabAddress('127.0.0.1', 4000, 'bind')).toEqual({ family: 'inet', host: '127.0.0.1', port: 4000 });
    expect(checkLabAddress('127.5.6.7', 4000, 'connect').family).toBe('inet');
    expect(checkLabAddress('::1', 0, 'bind')).toEqual({ family: 'inet6', host: '::1', port: 0 });
  });

  it.each([
    '10.0.0.1',
    '169.254.169.254',
    '8.8.8.8',
    '0.0.0.0',
    '::',
    '127.1',
    '017700000001',
    '0x7f.0.0.1',
    '0',
    '::ffff:127.0.0.1',
    '127.000.0.1',
    'localhost',
    '',
  ])('refuses %s', (host) => {
    expect(refused(host)).toBe(true);
  });

  it('refuses privileged ports and connecting to port 0', () => {
    expect(refused('127.0.0.1', 80)).toBe(true);
    expect(refused('127.0.0.1', 0, 'connect')).toBe(true);
    expect(refused('127.0.0.1', 0, 'bind')).toBe(false);
  });

  it('accepts exactly the dotted quads inside 127.0.0.0/8 (property)', () => {
    fc.assert(
      fc.property(fc.ipV4(), (host) => {
        const canonical = !host.split('.').some((p) => p.length > 1 && p.startsWith('0'));
        expect(refused(host)).toBe(!(canonical && host.startsWith('127.')));
      }),
      { numRuns: 2000 },
    );
  });

  it('never accepts an extended IPv4 form or an arbitrary string (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4Extended(), fc.string()), (host) => {
        if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) && !/(^|\.)0\d/.test(host)) return;
        expect(refused(host)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
