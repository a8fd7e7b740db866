import { describe, expect, it } from 'vitest';
import { decodeSockaddr, encodeSockaddr, formatIp, ipv4Bytes, ipv6Bytes } from './sockaddr.ts';

describe('sockaddr', () => {
  it('reads dotted quads strictly', () => {
    expect(ipv4Bytes('127.0.0.1')).toEqual(Buffer.from([127, 0, 0, 1]));
    for (const text of ['127.1', '0x7f.0.0.1', '017700000001', '127.000.0.1', '256.0.0.1', '0', '1.2.3.4 ']) {
      expect(ipv4Bytes(text)).toBeNull();
    }
  });

  it('reads every RFC 4291 spelling of IPv6 into the same bytes, and nothing with a scope', () => {
    const one = ipv6Bytes('::1');
    for (const text of ['0:0:0:0:0:0:0:1', '::0001', '0::0:1', '::0.0.0.1']) expect(ipv6Bytes(text)).toEqual(one);
    const mapped = ipv6Bytes('::ffff:127.0.0.1');
    for (const text of ['::ffff:7f00:1', '0:0:0:0:0:FFFF:7F00:1', '::FfFf:7f00:0001']) {
      expect(ipv6Bytes(text)).toEqual(mapped);
    }
    for (const text of ['::1%lo', '::1%eth0', '[::1]', ':::1', '1::2::3', '1:2:3:4:5:6:7:8:9', '::12345', '::1.2.3']) {
      expect(ipv6Bytes(text)).toBeNull();
    }
  });

  it('formats as RFC 5952 and round-trips through encode and decode', () => {
    expect(formatIp(ipv6Bytes('0:0:0:0:0:0:0:1') as Buffer)).toBe('::1');
    expect(formatIp(ipv6Bytes('2001:DB8:0:0:1:0:0:1') as Buffer)).toBe('2001:db8::1:0:0:1');
    expect(formatIp(ipv6Bytes('1:0:2:3:4:5:6:7') as Buffer)).toBe('1:0:2:3:4:5:6:7');
    expect(formatIp(ipv6Bytes('::ffff:7f00:1') as Buffer)).toBe('::ffff:7f00:1');
    for (const address of [
      { family: 'inet', host: '127.0.0.1', port: 4000 },
      { family: 'inet6', host: '::1', port: 65535 },
    ] as const) {
      const buf = encodeSockaddr(address);
      expect(decodeSockaddr(buf, buf.length)).toEqual(address);
    }
  });

  it('throws on a host it would otherwise have to guess at', () => {
    expect(() => encodeSockaddr({ family: 'inet6', host: '::1%eth0', port: 1 })).toThrow(/::1%eth0/);
    expect(() => encodeSockaddr({ family: 'inet', host: '127.1', port: 1 })).toThrow(/127\.1/);
  });
});
