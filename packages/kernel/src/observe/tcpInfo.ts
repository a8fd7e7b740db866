import type { TcpState } from '@socklab/protocol';
import { linuxTcpStates } from '../libc/constants.ts';

/** The fields of Linux's `struct tcp_info` that socklab shows. */
export type TcpInfo = {
  state: TcpState;
  /** For a listener: the accept queue's length (what `ss` shows as Recv-Q). */
  unacked: number;
  /** For a listener: the backlog (what `ss` shows as Send-Q). */
  sacked: number;
  retransmits: number;
  rtoUs: number;
  rttUs: number;
  sndMss: number;
  rcvMss: number;
  /** Segments this socket has sent, retransmissions and pure ACKs included (tcpi_segs_out, Linux ≥ 4.2). */
  segsOut: number;
  /** Segments this socket's TCP has taken in (tcpi_segs_in, Linux ≥ 4.2). */
  segsIn: number;
};

// include/uapi/linux/tcp.h: tcpi_segs_out and tcpi_segs_in follow the four
// __u64 byte counters that end at offset 136 (Linux 4.2).
const segsOutOffset = 136;
const segsInOffset = 140;

const tcpInfoSegsEnd = segsInOffset + 4;

/**
 * Decodes the start of `struct tcp_info` (include/uapi/linux/tcp.h); the
 * layout of these leading fields has not changed since Linux 2.6, and the
 * segment counters were appended in 4.2. A shorter buffer (an older kernel, a
 * truncated netlink attribute) gives 0 for the counters.
 *
 * @example
 * decodeTcpInfo(buf).state // 'LISTEN'
 */
export function decodeTcpInfo(buf: Buffer): TcpInfo {
  const raw = buf.readUInt8(0);
  const state = linuxTcpStates[raw];
  if (state === undefined) throw new Error(`unknown tcpi_state ${raw}`);
  return {
    state: state as TcpState,
    retransmits: buf.readUInt8(2),
    rtoUs: buf.readUInt32LE(8),
    sndMss: buf.readUInt32LE(16),
    rcvMss: buf.readUInt32LE(20),
    unacked: buf.readUInt32LE(24),
    sacked: buf.readUInt32LE(28),
    rttUs: buf.readUInt32LE(68),
    segsOut: buf.length >= segsOutOffset + 4 ? buf.readUInt32LE(segsOutOffset) : 0,
    segsIn: buf.length >= tcpInfoSegsEnd ? buf.readUInt32LE(segsInOffset) : 0,
  };
}
