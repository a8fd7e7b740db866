import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFrame, type TcpOptions } from './decode.ts';

// Frames as AF_PACKET shows them on `lo`, written field by field. IP and TCP
// checksums are correct for the bytes shown, though the decoder ignores them.
const hex = (...parts: string[]) => Uint8Array.from(Buffer.from(parts.join('').replace(/\s+/g, ''), 'hex'));

const eth4 = '000000000000 000000000000 0800'; // dst MAC, src MAC (zero on lo), IPv4
const eth6 = '000000000000 000000000000 86dd';

// 127.0.0.1:42340 -> 127.0.0.1:4000
const syn = hex(
  eth4,
  '45 00 003c 1a2b 4000 40 06 228f 7f000001 7f000001', // IHL 5, total 60, DF, TTL 64, TCP
  'a564 0fa0 9f3c2a10 00000000 a0 02 ffd7 d768 0000', // ports, seq, ack 0, doff 10, SYN, win 65495
  '0204ffd7', // MSS 65495
  '0402', // SACK permitted
  '080a 3700c347 00000000', // timestamps TSval, TSecr 0
  '01', // NOP
  '030307', // window scale 7
);
const synAck = hex(
  eth4,
  '45 00 003c 0000 4000 40 06 3cba 7f000001 7f000001',
  '0fa0 a564 5be0f001 9f3c2a11 a0 12 ffcb abc1 0000', // SYN+ACK, win 65483
  '0204ffd7 0402 080a 8e2b5194 3700c347 01 030307',
);
const pshAck = hex(
  eth4,
  '45 00 0041 1a2c 4000 40 06 2289 7f000001 7f000001', // total 65 = 20 + 32 + 13
  'a564 0fa0 9f3c2a11 5be0f002 80 18 0200 7ff2 0000', // doff 8, PSH+ACK, win 512
  '01 01 080a 3700c3ce 8e2b5194', // NOP NOP timestamps
  '48656c6c6f20576f726c642100', // "Hello World!\0"
);
const finAck = hex(
  eth4,
  '45 00 0034 1a2d 4000 40 06 2295 7f000001 7f000001',
  'a564 0fa0 9f3c2a1e 5be0f002 80 11 0200 d1b9 0000', // FIN+ACK
  '01 01 080a 3700c3cf 8e2b51c2',
);
const rstAck = hex(
  eth4,
  '45 00 0028 1a2e 4000 40 06 22a0 7f000001 7f000001',
  'a564 0fa0 9f3c2a1e 5be0f002 50 14 0000 e78b 0000', // doff 5, RST+ACK, win 0
);
// [::1]:51000 -> [::1]:4000, seq close to 2^32
const syn6 = hex(
  eth6,
  '6003a4b5 0028 06 40', // version 6, flow label 0x3a4b5, payload 40, next header TCP, hop limit 64
  '00000000000000000000000000000001 00000000000000000000000000000001',
  'c738 0fa0 fffffff0 00000000 a0 02 ffc4 951d 0000', // SYN, win 65476
  '0204ffc4 0402 080a 0001e240 00000000 01 030307', // MSS 65476, SACK-perm, TS, NOP, WS 7
);

const noOptions: TcpOptions = {
  mss: null,
  windowScale: null,
  sackPermitted: false,
  sackBlocks: 0,
  timestamps: null,
  unknown: [],
};
const client = { host: '127.0.0.1', port: 42340 };
const server = { host: '127.0.0.1', port: 4000 };

describe('decodeFrame', () => {
  it('decodes an IPv4 SYN with MSS, SACK-permitted, timestamps and window scale', () => {
    expect(decodeFrame(syn, 'ethernet')).toEqual({
      family: 'inet',
      src: client,
      dst: server,
      flags: ['SYN'],
      seqNo: 0x9f3c2a10,
      ackNo: 0,
      window: 65495,
      dataOffset: 10,
      options: {
        mss: 65495,
        windowScale: 7,
        sackPermitted: true,
        sackBlocks: 0,
        timestamps: { value: 0x3700c347, echo: 0 },
        unknown: [],
      },
      length: 0,
      payload: new Uint8Array(0),
      // The whole datagram: its headers and payload fit the preview.
      datagram: syn.slice(14),
      datagramLength: syn.length - 14,
    });
  });

  it('decodes a SYN-ACK', () => {
    expect(decodeFrame(synAck, 'ethernet')).toEqual({
      family: 'inet',
      src: server,
      dst: client,
      flags: ['SYN', 'ACK'],
      seqNo: 0x5be0f001,
      ackNo: 0x9f3c2a11,
      window: 65483,
      dataOffset: 10,
      options: {
        mss: 65495,
        windowScale: 7,
        sackPermitted: true,
        sackBlocks: 0,
        timestamps: { value: 0x8e2b5194, echo: 0x3700c347 },
        unknown: [],
      },
      length: 0,
      payload: new Uint8Array(0),
      // The whole datagram: its headers and payload fit the preview.
      datagram: synAck.slice(14),
      datagramLength: synAck.length - 14,
    });
  });

  it('decodes a PSH-ACK carrying "Hello World!\\0"', () => {
    expect(decodeFrame(pshAck, 'ethernet')).toEqual({
      family: 'inet',
      src: client,
      dst: server,
      flags: ['PSH', 'ACK'],
      seqNo: 0x9f3c2a11,
      ackNo: 0x5be0f002,
      window: 512,
      dataOffset: 8,
      options: { ...noOptions, timestamps: { value: 0x3700c3ce, echo: 0x8e2b5194 } },
      length: 13,
      payload: new TextEncoder().encode('Hello World!\0'),
      // The whole datagram: its headers and payload fit the preview.
      datagram: pshAck.slice(14),
      datagramLength: pshAck.length - 14,
    });
  });

  it('decodes a FIN-ACK', () => {
    expect(decodeFrame(finAck, 'ethernet')).toEqual({
      family: 'inet',
      src: client,
      dst: server,
      flags: ['FIN', 'ACK'],
      seqNo: 0x9f3c2a1e,
      ackNo: 0x5be0f002,
      window: 512,
      dataOffset: 8,
      options: { ...noOptions, timestamps: { value: 0x3700c3cf, echo: 0x8e2b51c2 } },
      length: 0,
      payload: new Uint8Array(0),
      // The whole datagram: its headers and payload fit the preview.
      datagram: finAck.slice(14),
      datagramLength: finAck.length - 14,
    });
  });

  it('decodes an RST (with ACK, as close() with SO_LINGER 0 sends it)', () => {
    expect(decodeFrame(rstAck, 'ethernet')).toEqual({
      family: 'inet',
      src: client,
      dst: server,
      flags: ['RST', 'ACK'],
      seqNo: 0x9f3c2a1e,
      ackNo: 0x5be0f002,
      window: 0,
      dataOffset: 5,
      options: noOptions,
      length: 0,
      payload: new Uint8Array(0),
      // The whole datagram: its headers and payload fit the preview.
      datagram: rstAck.slice(14),
      datagramLength: rstAck.length - 14,
    });
  });

  it('decodes an IPv6 SYN, with the host in RFC 5952 form', () => {
    expect(decodeFrame(syn6, 'ethernet')).toEqual({
      family: 'inet6',
      src: { host: '::1', port: 51000 },
      dst: { host: '::1', port: 4000 },
      flags: ['SYN'],
      seqNo: 0xfffffff0,
      ackNo: 0,
      window: 65476,
      dataOffset: 10,
      options: {
        mss: 65476,
        windowScale: 7,
        sackPermitted: true,
        sackBlocks: 0,
        timestamps: { value: 123456, echo: 0 },
        unknown: [],
      },
      length: 0,
      payload: new Uint8Array(0),
      // The whole datagram: its headers and payload fit the preview.
      datagram: syn6.slice(14),
      datagramLength: syn6.length - 14,
    });
  });

  it('skips IPv6 extension headers before TCP', () => {
    const withHopByHop = hex(
      eth6,
      '60000000 0030 00 40', // payload 48, next header: hop-by-hop options
      '00000000000000000000000000000001 00000000000000000000000000000001',
      '06 00 0104 00000000', // next header TCP, length 0 (8 bytes), PadN
      'c738 0fa0 fffffff0 00000000 a0 02 ffc4 951d 0000',
      '0204ffc4 0402 080a 0001e240 00000000 01 030307',
    );
    expect(decodeFrame(withHopByHop, 'ethernet')).toMatchObject({ family: 'inet6', flags: ['SYN'], seqNo: 0xfffffff0 });
  });

  it('keeps a 64-byte preview of a longer payload and reports the full length', () => {
    const body = Buffer.alloc(100, 0x61);
    const frame = hex(
      eth4,
      `45 00 ${(20 + 20 + 100).toString(16).padStart(4, '0')} 0001 4000 40 06 0000 7f000001 7f000001`,
      'a564 0fa0 00000001 00000001 50 18 0200 0000 0000',
      body.toString('hex'),
    );
    const p = decodeFrame(frame, 'ethernet');
    expect(p?.length).toBe(100);
    expect(p?.payload).toEqual(new Uint8Array(64).fill(0x61));
    // Like `tcpdump -s`: the headers as captured, then the preview; the datagram's whole length beside it.
    expect(p?.datagram).toEqual(frame.slice(14, 14 + 20 + 20 + 64));
    expect(p?.datagramLength).toBe(140);
  });

  it('copies the datagram: the capture reuses its frame buffer for the next frame', () => {
    const buffer = Buffer.from(synAck);
    const p = decodeFrame(buffer, 'ethernet');
    buffer.fill(0);
    expect(p?.datagram).toEqual(synAck.slice(14));
  });

  it('keeps the datagram without the link padding', () => {
    const padded = hex(Buffer.from(rstAck).toString('hex'), '000000000000');
    expect(decodeFrame(padded, 'ethernet')?.datagram).toEqual(rstAck.slice(14));
  });

  it('ignores link-layer padding past the IP total length', () => {
    const padded = hex(Buffer.from(rstAck).toString('hex'), '000000000000');
    expect(decodeFrame(padded, 'ethernet')).toEqual(decodeFrame(rstAck, 'ethernet'));
  });

  it('counts SACK blocks and lists unknown option kinds by number', () => {
    const frame = hex(
      eth4,
      '45 00 0048 0001 4000 40 06 0000 7f000001 7f000001', // total 72 = 20 + 52
      'a564 0fa0 00000001 00000001 d0 10 0200 0000 0000', // doff 13
      '01 01 05 12 00000010 00000020 00000030 00000040', // NOP NOP SACK with 2 blocks
      '1e 04 0000', // kind 30 (MPTCP), length 4
      '02 03 00', // MSS with an impossible length
      '00 00000000', // end of option list, then padding
    );
    expect(decodeFrame(frame, 'ethernet')?.options).toEqual({ ...noOptions, sackBlocks: 2, unknown: [30, 2] });
  });

  it('stops reading options at a length that cannot be right', () => {
    const frame = hex(
      eth4,
      '45 00 0030 0001 4000 40 06 0000 7f000001 7f000001',
      'a564 0fa0 00000001 00000001 70 10 0200 0000 0000', // doff 7
      '0204ffd7', // MSS 65495
      '08 20 0000', // timestamps claiming 32 bytes
    );
    expect(decodeFrame(frame, 'ethernet')?.options).toEqual({ ...noOptions, mss: 65495 });
  });

  it('returns null for every truncation of a valid frame', () => {
    for (const frame of [syn, synAck, pshAck, finAck, rstAck, syn6]) {
      for (let n = 0; n < frame.length; n++) expect(decodeFrame(frame.subarray(0, n), 'ethernet')).toBeNull();
    }
  });

  it('returns null for frames that are not TCP over IPv4 or IPv6', () => {
    const arp = hex('ffffffffffff 000000000000 0806', '0001 0800 06 04 0001', '00'.repeat(20));
    const udp = hex(eth4, '45 00 001c 0001 4000 40 11 0000 7f000001 7f000001', '1f90 1f91 0008 0000');
    const udp6 = hex(eth6, '60000000 0008 11 40', '00'.repeat(15), '01', '00'.repeat(15), '01', '1f90 1f91 0008 0000');
    const fragment = Uint8Array.from(syn);
    fragment[14 + 6] = 0x20; // IPv4 MF set
    const badVersion = Uint8Array.from(syn);
    badVersion[14] = 0x55;
    const badIhl = Uint8Array.from(syn);
    badIhl[14] = 0x44;
    const badDataOffset = Uint8Array.from(rstAck);
    badDataOffset[14 + 20 + 12] = 0x40;
    const dataOffsetTooLong = Uint8Array.from(rstAck);
    dataOffsetTooLong[14 + 20 + 12] = 0x60;
    for (const frame of [arp, udp, udp6, fragment, badVersion, badIhl, badDataOffset, dataOffsetTooLong]) {
      expect(decodeFrame(frame, 'ethernet')).toBeNull();
    }
  });

  it('never throws on garbage, and decodes a frame inside a larger buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        decodeFrame(bytes, 'ethernet');
      }),
    );
    // Any bytes after a valid Ethernet + IPv4 header prefix still decode or give null.
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (tail) => {
        const frame = new Uint8Array([...syn.subarray(0, 34), ...tail]);
        const p = decodeFrame(frame, 'ethernet');
        expect(p === null || p.family === 'inet').toBe(true);
      }),
    );
    const big = new Uint8Array(7 + syn.length);
    big.set(syn, 7);
    expect(decodeFrame(big.subarray(7), 'ethernet')).toEqual(decodeFrame(syn, 'ethernet'));
  });
});
