import type { DecodedPacket } from './decode.ts';

/** Sequence and acknowledgment numbers relative to each direction's initial sequence number. */
export type RelativeNumbers = { relSeq: number; relAck: number };

/** The fields of a segment that relative numbering reads. */
export type SeqSegment = Pick<DecodedPacket, 'src' | 'dst' | 'flags' | 'seqNo' | 'ackNo'>;

/**
 * Relative sequence numbers as Wireshark and `tcpdump` show them: per
 * connection (4-tuple) and per direction, numbers count from that
 * direction's initial sequence number, so a handshake reads SYN 0/0,
 * SYN-ACK 0/1, ACK 1/1 and the first data byte is 1.
 *
 * A direction's ISN is the sequence number of its SYN; if its SYN was not
 * seen, the first of: its first segment's sequence number, or the first
 * acknowledgment number the other direction sent it. A new SYN (without ACK)
 * with a different ISN starts a new connection on the same 4-tuple. A segment
 * without ACK has relAck 0. All arithmetic is modulo 2^32.
 *
 * @example
 * const seq = new SeqTracker();
 * seq.track(syn);    // { relSeq: 0, relAck: 0 }
 * seq.track(synAck); // { relSeq: 0, relAck: 1 }
 * seq.track(ack);    // { relSeq: 1, relAck: 1 }
 */
export class SeqTracker {
  readonly #isn = new Map<string, number>();

  /** Records what the segment says about its connection and returns its relative numbers. */
  track(segment: SeqSegment): RelativeNumbers {
    const fwd = directionKey(segment.src, segment.dst);
    const rev = directionKey(segment.dst, segment.src);
    const syn = segment.flags.includes('SYN');
    const ack = segment.flags.includes('ACK');
    const known = this.#isn.get(fwd);
    if (syn && !ack && known !== segment.seqNo) {
      this.#isn.set(fwd, segment.seqNo);
      this.#isn.delete(rev);
    } else if (syn || known === undefined) {
      this.#isn.set(fwd, segment.seqNo);
    }
    const relSeq = (segment.seqNo - (this.#isn.get(fwd) ?? segment.seqNo)) >>> 0;
    if (!ack) return { relSeq, relAck: 0 };
    let peer = this.#isn.get(rev);
    if (peer === undefined) {
      peer = segment.ackNo;
      this.#isn.set(rev, peer);
    }
    return { relSeq, relAck: (segment.ackNo - peer) >>> 0 };
  }

  /** Forgets every connection. */
  clear(): void {
    this.#isn.clear();
  }
}

function directionKey(from: { host: string; port: number }, to: { host: string; port: number }): string {
  return `[${from.host}]:${from.port}>[${to.host}]:${to.port}`;
}
