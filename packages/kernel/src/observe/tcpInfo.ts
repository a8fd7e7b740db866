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
};

/**
 * Decodes the start of `struct tcp_info` (include/uapi/linux/tcp.h); the
 * layout of these leading fields has not changed since Linux 2.6.
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
  };
}
