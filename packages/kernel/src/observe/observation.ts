import { readlinkSync } from 'node:fs';
import type { Address, TcpState } from '@socklab/protocol';
import { linux } from '../libc/constants.ts';
import { libc } from '../libc/libc.ts';
import { decodeSockaddr } from '../libc/sockaddr.ts';
import { decodeTcpInfo } from './tcpInfo.ts';

/** What the kernel reports about one socket right now. */
export type Observation = {
  fd: number;
  /** The inode of the socket's file (what sock_diag and /proc/net/tcp report), null once closed. */
  inode: number | null;
  tcp: TcpState | null;
  local: Address | null;
  remote: Address | null;
  recvQ: number | null;
  sendQ: number | null;
  acceptQueue: number | null;
  backlog: number | null;
  /** The retransmission timeout now (tcpi_rto, after backoff): when the kernel sends again at the latest. */
  rtoMs: number | null;
};

/** What is known of a closed fd: nothing but its number. */
export function closedObservation(fd: number): Observation {
  return {
    fd,
    inode: null,
    tcp: null,
    local: null,
    remote: null,
    recvQ: null,
    sendQ: null,
    acceptQueue: null,
    backlog: null,
    rtoMs: null,
  };
}

// Read after every call for each socket it involved: one buffer each, reused (the calls are synchronous).
const addrBuf = Buffer.alloc(linux.sockaddrStorageSize);
const infoBuf = Buffer.alloc(linux.tcpInfoSize);
const lenBuf = Buffer.alloc(4);
const queued = Buffer.alloc(4);
const nameCall = { getsockname: 'getsocknameBuf', getpeername: 'getpeernameBuf' } as const;

/** The address `getsockname` or `getpeername` reports for `fd`, or null (ENOTCONN…). */
export function socketAddress(fd: number, which: 'getsockname' | 'getpeername'): Address | null {
  lenBuf.writeUInt32LE(addrBuf.length, 0);
  if (libc()[nameCall[which]](fd, addrBuf, lenBuf) < 0) return null;
  return decodeSockaddr(addrBuf, lenBuf.readUInt32LE(0));
}

// TCP_INFO of `fd` into `buf`: the bytes the kernel wrote, or -1.
function tcpInfo(fd: number, buf: Buffer): number {
  lenBuf.writeUInt32LE(buf.length, 0);
  if (libc().getsockoptBuf(fd, linux.IPPROTO_TCP, linux.TCP_INFO, buf, lenBuf) < 0) return -1;
  return lenBuf.readUInt32LE(0);
}

// SIOCINQ / SIOCOUTQ of `fd`, or null.
function queuedBytes(fd: number, request: number): number | null {
  return libc().ioctlBuf(fd, request, queued) === 0 ? queued.readInt32LE(0) : null;
}

/**
 * Reads the kernel's view of an open socket without changing it: TCP_INFO
 * (state; for a listener the accept queue and backlog), the addresses, and the
 * receive and send queues (SIOCINQ / SIOCOUTQ). A socket's inode is fixed for
 * the life of its fd: a caller that read it once (`socketInode`) passes it as
 * `inode` and saves the readlink of /proc/self/fd.
 *
 * @example
 * observeFd(3).tcp // 'LISTEN'
 */
export function observeFd(fd: number, inode?: number | null): Observation {
  const none = closedObservation(fd);
  const infoLength = tcpInfo(fd, infoBuf);
  if (infoLength < 0) return none;
  const tcp = decodeTcpInfo(infoBuf.subarray(0, infoLength));
  inode ??= socketInode(fd);
  const rtoMs = tcp.rtoUs / 1000;
  const local = socketAddress(fd, 'getsockname');
  const remote = socketAddress(fd, 'getpeername');
  if (tcp.state === 'LISTEN') {
    // For a listener Linux reports the accept queue in tcpi_unacked and the backlog in tcpi_sacked.
    return { ...none, inode, tcp: tcp.state, local, remote, acceptQueue: tcp.unacked, backlog: tcp.sacked, rtoMs };
  }
  const recvQ = queuedBytes(fd, linux.SIOCINQ);
  const sendQ = queuedBytes(fd, linux.SIOCOUTQ);
  return { ...none, inode, tcp: tcp.state, local, remote, recvQ, sendQ, rtoMs };
}

/** How many segments one end of a connection has sent and taken in (its TCP_INFO counters). */
export type SegmentCounts = { segsOut: number; segsIn: number };

// Read after every call for each socket in flight: one buffer, no allocation.
const countsBuf = Buffer.alloc(linux.tcpInfoSize);

/**
 * The segment counters of an open TCP socket (tcpi_segs_out, tcpi_segs_in),
 * or null when it has none (closed, not TCP). TCP_INFO takes the socket's
 * lock, so a segment counted in `segsIn` has been fully processed by then:
 * any answer it caused (the ACK of a FIN) has been sent and is in `segsOut`.
 *
 * @example
 * segmentCounts(fd); // { segsOut: 3, segsIn: 2 } after a handshake and a write
 */
export function segmentCounts(fd: number): SegmentCounts | null {
  const length = tcpInfo(fd, countsBuf);
  if (length < 0) return null;
  const info = decodeTcpInfo(countsBuf.subarray(0, length));
  return { segsOut: info.segsOut, segsIn: info.segsIn };
}

/** The inode of the socket file open as `fd` (what sock_diag and /proc/net/tcp report), or null. */
export function socketInode(fd: number): number | null {
  try {
    const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
    return m?.[1] === undefined ? null : Number(m[1]);
  } catch {
    return null;
  }
}
