import type { TcpFlag } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { type SeqSegment, SeqTracker } from './relative.ts';

const client = { host: '127.0.0.1', port: 42340 };
const server = { host: '127.0.0.1', port: 4000 };
const c2s = (flags: TcpFlag[], seqNo: number, ackNo = 0): SeqSegment => ({
  src: client,
  dst: server,
  flags,
  seqNo,
  ackNo,
});
const s2c = (flags: TcpFlag[], seqNo: number, ackNo = 0): SeqSegment => ({
  src: server,
  dst: client,
  flags,
  seqNo,
  ackNo,
});

describe('SeqTracker', () => {
  it('numbers a handshake, data and close as Wireshark does', () => {
    const t = new SeqTracker();
    const a = 0x9f3c2a10;
    const b = 0x5be0f001;
    expect(
      [
        c2s(['SYN'], a),
        s2c(['SYN', 'ACK'], b, a + 1),
        c2s(['ACK'], a + 1, b + 1),
        c2s(['PSH', 'ACK'], a + 1, b + 1),
        s2c(['ACK'], b + 1, a + 14),
        c2s(['FIN', 'ACK'], a + 14, b + 1),
        s2c(['FIN', 'ACK'], b + 1, a + 15),
        c2s(['ACK'], a + 15, b + 2),
      ].map((s) => t.track(s)),
    ).toEqual([
      { relSeq: 0, relAck: 0 },
      { relSeq: 0, relAck: 1 },
      { relSeq: 1, relAck: 1 },
      { relSeq: 1, relAck: 1 },
      { relSeq: 1, relAck: 14 },
      { relSeq: 14, relAck: 1 },
      { relSeq: 1, relAck: 15 },
      { relSeq: 15, relAck: 2 },
    ]);
  });

  it('wraps around 2^32', () => {
    const t = new SeqTracker();
    const a = 0xfffffff0;
    const b = 0xfffffffe;
    t.track(c2s(['SYN'], a));
    t.track(s2c(['SYN', 'ACK'], b, (a + 1) >>> 0));
    expect(t.track(c2s(['PSH', 'ACK'], (a + 0x20) >>> 0, (b + 5) >>> 0))).toEqual({ relSeq: 0x20, relAck: 5 });
  });

  it('starts from the first segment seen when the SYN was missed', () => {
    const t = new SeqTracker();
    expect(t.track(c2s(['PSH', 'ACK'], 1000, 5000))).toEqual({ relSeq: 0, relAck: 0 });
    expect(t.track(s2c(['ACK'], 5000, 1013))).toEqual({ relSeq: 0, relAck: 13 });
  });

  it('numbers the RST that refuses a connection from the SYN it answers', () => {
    const t = new SeqTracker();
    expect(t.track(c2s(['SYN'], 777))).toEqual({ relSeq: 0, relAck: 0 });
    expect(t.track(s2c(['RST', 'ACK'], 0, 778))).toEqual({ relSeq: 0, relAck: 1 });
  });

  it('keeps a retransmitted SYN in the same connection, and a new ISN starts a new one', () => {
    const t = new SeqTracker();
    t.track(c2s(['SYN'], 100));
    t.track(s2c(['SYN', 'ACK'], 900, 101));
    expect(t.track(c2s(['SYN'], 100))).toEqual({ relSeq: 0, relAck: 0 });
    expect(t.track(c2s(['ACK'], 101, 901))).toEqual({ relSeq: 1, relAck: 1 });
    expect(t.track(c2s(['SYN'], 5000))).toEqual({ relSeq: 0, relAck: 0 });
    expect(t.track(s2c(['SYN', 'ACK'], 7000, 5001))).toEqual({ relSeq: 0, relAck: 1 });
  });

  it('keeps connections apart by 4-tuple', () => {
    const t = new SeqTracker();
    t.track(c2s(['SYN'], 100));
    const other = { ...c2s(['SYN'], 200), src: { host: '127.0.0.1', port: 42341 } };
    expect(t.track(other)).toEqual({ relSeq: 0, relAck: 0 });
    expect(t.track(c2s(['ACK'], 101, 0))).toMatchObject({ relSeq: 1 });
  });
});
