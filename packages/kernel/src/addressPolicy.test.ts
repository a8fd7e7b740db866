import { isIP } from 'node:net';
import { ErrorCode } from '@socklab/protocol';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLabAddress } from './addressPolicy.ts';
import { Lab } from './lab.ts';
import { encodeSockaddr, formatIp, ipv6Bytes } from './libc/sockaddr.ts';

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

// What checkLabAddress decides, without the text it was given: the address it
// returns, or the reason it refuses.
const verdict = (host: string, port = 5000, use: 'bind' | 'connect' = 'connect'): string => {
  try {
    const address = checkLabAddress(host, port, use);
    return `ok ${address.family} ${address.host}`;
  } catch (err) {
    const { code, message } = err as { code?: string; message: string };
    return `${code}: ${message.slice(message.indexOf(' refused: ') + 10)}`;
  }
};

const mapped = (bytes: Uint8Array) =>
  bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
const isLoopback6 = (bytes: Uint8Array) => bytes.subarray(0, 15).every((b) => b === 0) && bytes[15] === 1;

// 16 bytes worth spelling many ways: ::1, IPv4-mapped (often 127.x), IPv4-compatible, zero-rich, random.
const addressBytes = fc.oneof(
  fc.constant(Uint8Array.from({ length: 16 }, (_, i) => (i === 15 ? 1 : 0))),
  fc
    .tuple(fc.oneof(fc.constant(127), fc.integer({ min: 0, max: 255 })), fc.uint8Array({ minLength: 3, maxLength: 3 }))
    .map(([first, rest]) => Uint8Array.from([...Array(10).fill(0), 0xff, 0xff, first, ...rest])),
  fc.uint8Array({ minLength: 4, maxLength: 4 }).map((v4) => Uint8Array.from([...Array(12).fill(0), ...v4])),
  fc
    .array(fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 0xffff })), {
      minLength: 8,
      maxLength: 8,
    })
    .map((groups) => Uint8Array.from(groups.flatMap((g) => [g >> 8, g & 0xff]))),
  fc.uint8Array({ minLength: 16, maxLength: 16 }),
);

// One RFC 4291 §2.2 spelling of `bytes`: any zero run compressed or none, groups
// zero-padded and in either case, the last 32 bits as hex or as a dotted quad.
const spelling = (bytes: Uint8Array) =>
  fc
    .record({
      dotted: fc.boolean(),
      pads: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }),
      upper: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      run: fc.nat(),
    })
    .map(({ dotted, pads, upper, run }) => {
      const view = Buffer.from(bytes);
      const n = dotted ? 6 : 8;
      const groups = Array.from({ length: n }, (_, i) => {
        const hex = view.readUInt16BE(i * 2).toString(16);
        const padded = hex.padStart(Math.min(4, hex.length + (pads[i] ?? 0)), '0');
        return upper[i] ? padded.toUpperCase() : padded;
      });
      const zeroRuns: [number, number][] = [];
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j <= n && view.readUInt16BE((j - 1) * 2) === 0; j++) zeroRuns.push([i, j]);
      }
      const chosen = zeroRuns[run % (zeroRuns.length + 1)];
      const quad = dotted ? [...view.subarray(12, 16)].join('.') : '';
      if (!chosen) return dotted ? `${groups.join(':')}:${quad}` : groups.join(':');
      const head = groups.slice(0, chosen[0]).join(':');
      const tail = groups.slice(chosen[1]).join(':');
      if (!dotted) return `${head}::${tail}`;
      return tail === '' ? `${head}::${quad}` : `${head}::${tail}:${quad}`;
    });

describe('one address rule: parsed into bytes once, judged on the bytes', () => {
  it.each([
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '0:0:0:0:0:ffff:7f00:1',
    '0:0:0:0:0:FFFF:7F00:0001',
    '::FFFF:127.0.0.1',
    '0::ffff:127.0.0.2',
  ])('refuses the IPv4-mapped %s with one reason', (host) => {
    expect(verdict(host)).toBe(verdict('::ffff:127.0.0.1'));
    expect(verdict(host)).toMatch(new RegExp(`^${ErrorCode.addressRefused}: IPv4-mapped`));
  });

  it.each(['::1%eth0', '::1%lo', '::1%1', '127.0.0.1%lo', 'fe80::1%lo'])('refuses the scope id of %s', (host) => {
    expect(verdict(host, 5000, 'bind')).toMatch(/scope id/);
  });

  it.each(['0:0:0:0:0:0:0:1', '::0001', '0::1', '0000:0000:0000:0000:0000:0000:0000:0001', '::0.0.0.1'])(
    'accepts %s as ::1, the text the driver encodes',
    (host) => {
      expect(checkLabAddress(host, 4000, 'connect')).toEqual({ family: 'inet6', host: '::1', port: 4000 });
    },
  );

  it.each(['127.1', '017700000001', '0x7f.0.0.1', '0', '[::1]', '::1.2.3.04', '1:2:3:4:5:6:7::8'])(
    'refuses the shorthand or malformed %s',
    (host) => {
      expect(verdict(host)).toMatch(/not a numeric IPv4 or IPv6 address/);
    },
  );

  it('SECURITY.md test 7: every spelling of the same 16 bytes gets one verdict (property)', () => {
    fc.assert(
      fc.property(
        addressBytes.chain((bytes) => fc.tuple(fc.constant(bytes), spelling(bytes))),
        ([bytes, host]) => {
          // The generator writes only what Node itself calls IPv6, and the parser reads back the bytes.
          expect(isIP(host)).toBe(6);
          expect(ipv6Bytes(host)).toEqual(Buffer.from(bytes));
          const canonical = formatIp(bytes);
          expect(verdict(host)).toBe(verdict(canonical));
          if (isLoopback6(bytes)) {
            expect(verdict(host)).toBe('ok inet6 ::1');
            const encoded = encodeSockaddr(checkLabAddress(host, 4000, 'connect'));
            expect(encoded.subarray(8, 24)).toEqual(Buffer.from(bytes));
          } else {
            expect(verdict(host)).toMatch(mapped(bytes) ? /IPv4-mapped/ : /only use loopback/);
          }
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('SECURITY.md test 7: the connector uses the validator’s canonical address', () => {
  let lab: Lab | undefined;
  afterEach(() => {
    lab?.closeAll();
    lab = undefined;
  });

  it('connects to ::1 however it is written, shows ::1, and refuses mapped spellings before any syscall', async () => {
    lab = new Lab();
    const listener = lab.socket('inet6').created as string;
    expect(lab.bind(listener, { host: '0:0:0:0:0:0:0:1', port: 0 }).impl).toContain('[::1]:0');
    expect(lab.listen(listener, 5).ret).toBe(0);
    const port = lab.observe(listener).local?.port as number;
    const client = lab.socket('inet6').created as string;
    for (const host of ['::ffff:7f00:1', '0:0:0:0:0:FFFF:7F00:1', '::ffff:127.0.0.1', '::1%lo', '::1%eth0']) {
      await expect(lab.connect(client, { host, port })).rejects.toMatchObject({ code: ErrorCode.addressRefused });
    }
    expect(lab.observe(client)).toMatchObject({ tcp: 'CLOSED', remote: null });
    const done = await lab.connect(client, { host: '0000::0001', port });
    expect(done.ret).toBe(0);
    expect(done.impl).toContain(`[::1]:${port}`);
  });
});
