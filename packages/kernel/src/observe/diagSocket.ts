import type { Address, TcpState } from '@socklab/protocol';
import { linux, linuxTcpStates } from '../libc/constants.ts';
import { decodeSockaddr, encodeSockaddr } from '../libc/sockaddr.ts';

/**
 * The kinds of timer `ss -o` shows: `on` is the retransmission timer (also
 * the tail-loss probe and, for a SYN_RECEIVED request, the SYN-ACK timer),
 * `timewait` the TIME_WAIT (or orphan FIN_WAIT_2) timer, `persist` the
 * zero-window probe.
 */
export type TimerKind = 'off' | 'on' | 'keepalive' | 'timewait' | 'persist';

/** A socket's pending timer: which one, the milliseconds left, and how many times it has fired. */
export type DiagTimer = { kind: TimerKind; expiresMs: number; retrans: number };

/**
 * One TCP socket as the kernel's socket table shows it, like a line of
 * `ss -tan`. Connections without a file descriptor are included: a child
 * still in a listener's accept queue, an orphan in FIN_WAIT_2, TIME_WAIT.
 *
 * For a listener `recvQ` is the accept queue's length and `sendQ` the backlog
 * (sock_diag); `/proc/net/tcp` has no backlog and shows `sendQ` 0 there.
 * A bound-only socket (bind() without listen() or connect()) is listed by
 * sock_diag only, as `CLOSED` / `CLOSE`: Linux (≥ 6.5, checked on 6.18) selects
 * it with the TCPF_BOUND_INACTIVE state bit but reports its sk_state, TCP_CLOSE.
 *
 * @example
 * const s: DiagSocket = {
 *   family: 'inet', state: 'LISTEN', linuxState: 'LISTEN',
 *   local: { family: 'inet', host: '127.0.0.1', port: 4000 }, remote: null,
 *   recvQ: 0, sendQ: 5, timer: { kind: 'off', expiresMs: 0, retrans: 0 }, uid: 0, inode: 81234,
 * };
 */
export type DiagSocket = {
  family: 'inet' | 'inet6';
  /** The RFC 9293 name (BOUND_INACTIVE is CLOSED, NEW_SYN_RECV is SYN_RECEIVED). */
  state: TcpState;
  /** Linux's own name, from include/net/tcp_states.h without the `TCP_` prefix. */
  linuxState: string;
  local: Address;
  /** Null when the kernel has no peer (0.0.0.0:0 or [::]:0). */
  remote: Address | null;
  recvQ: number;
  sendQ: number;
  timer: DiagTimer;
  uid: number;
  /** The inode of the socket's file; 0 when no process holds an fd for it. */
  inode: number;
};

/**
 * Linux TCP state numbers (include/net/tcp_states.h) to Linux's own names,
 * which `ss` abbreviates in its own spelling (`ESTAB`, `UNCONN` for CLOSE…).
 *
 * @example
 * linuxTcpStateNames[13] // 'BOUND_INACTIVE'
 */
export const linuxTcpStateNames: Readonly<Record<number, string>> = {
  1: 'ESTABLISHED',
  2: 'SYN_SENT',
  3: 'SYN_RECV',
  4: 'FIN_WAIT1',
  5: 'FIN_WAIT2',
  6: 'TIME_WAIT',
  7: 'CLOSE',
  8: 'CLOSE_WAIT',
  9: 'LAST_ACK',
  10: 'LISTEN',
  11: 'CLOSING',
  12: 'NEW_SYN_RECV',
  13: 'BOUND_INACTIVE',
};

// The same numbers in inet_diag_msg.idiag_timer and /proc/net/tcp's `tr` (net/ipv4/tcp_ipv4.c).
const timerKinds: readonly TimerKind[] = ['off', 'on', 'keepalive', 'timewait', 'persist'];

/** What both sources report about a socket, before its state and timer are named. */
export type RawSocket = {
  family: 'inet' | 'inet6';
  state: number;
  timer: number;
  expiresMs: number;
  retrans: number;
  local: Address;
  remote: Address | null;
  recvQ: number;
  sendQ: number;
  uid: number;
  inode: number;
};

/** Names a raw socket's state and timer; throws on a number this code does not know. */
export function toDiagSocket(raw: RawSocket): DiagSocket {
  const state = linuxTcpStates[raw.state];
  const linuxState = linuxTcpStateNames[raw.state];
  if (state === undefined || linuxState === undefined) throw new Error(`unknown Linux TCP state ${raw.state}`);
  const kind = timerKinds[raw.timer];
  if (kind === undefined) throw new Error(`unknown TCP timer kind ${raw.timer}`);
  return {
    family: raw.family,
    state: state as TcpState,
    linuxState,
    local: raw.local,
    remote: raw.remote,
    recvQ: raw.recvQ,
    sendQ: raw.sendQ,
    timer: { kind, expiresMs: raw.expiresMs, retrans: raw.retrans },
    uid: raw.uid,
    inode: raw.inode,
  };
}

/** The address whose network-order bytes (4 for inet, 16 for inet6) start at `at`. */
export function addressAt(family: 'inet' | 'inet6', buf: Buffer, at: number, port: number): Address {
  if (family === 'inet') return { family, host: `${buf[at]}.${buf[at + 1]}.${buf[at + 2]}.${buf[at + 3]}`, port };
  // Reuse the sockaddr decoder so IPv6 text is formatted one way everywhere (RFC 5952).
  const sa = Buffer.alloc(linux.sockaddrIn6Size);
  sa.writeUInt16LE(linux.AF_INET6, 0);
  sa.writeUInt16BE(port, 2);
  buf.copy(sa, 8, at, at + 16);
  const decoded = decodeSockaddr(sa, sa.length);
  if (!decoded) throw new Error('cannot decode an inet6 address');
  return decoded;
}

/** Like `addressAt`, but null for the any-address with port 0: the kernel's "no peer". */
export function peerAt(family: 'inet' | 'inet6', buf: Buffer, at: number, port: number): Address | null {
  if (port === 0) {
    let any = true;
    for (let i = 0; i < (family === 'inet' ? 4 : 16); i++) any &&= buf[at + i] === 0;
    if (any) return null;
  }
  return addressAt(family, buf, at, port);
}

// Lookups repeat the same few hosts (127.0.0.1, ::1): parse each once.
const bytesCache = new Map<string, Buffer>();

/**
 * The network-order bytes of an address (4 or 16); throws, naming it, for a
 * host that is not a numeric address of its family.
 */
export function addressBytes(a: Address): Buffer {
  const key = `${a.family} ${a.host}`;
  let bytes = bytesCache.get(key);
  if (!bytes) {
    const sa = encodeSockaddr({ family: a.family, host: a.host, port: 0 });
    bytes = Buffer.from(a.family === 'inet' ? sa.subarray(4, 8) : sa.subarray(8, 24));
    if (bytesCache.size >= 256) bytesCache.clear();
    bytesCache.set(key, bytes);
  }
  return bytes;
}

/** Whether the kernel's socket has exactly these two ends (compared as bytes, not as text). */
export function hasEnds(s: DiagSocket, local: Address, remote: Address): boolean {
  const same = (x: Address | null, y: Address) =>
    x !== null
      ? x.family === y.family && x.port === y.port && addressBytes(x).equals(addressBytes(y))
      : y.port === 0 && addressBytes(y).every((b) => b === 0);
  return same(s.local, local) && same(s.remote, remote);
}

/** Throws, naming the value, unless `port` is a TCP port number. */
export function checkPort(port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`not a TCP port number: ${String(port)}`);
  }
}

/** Throws, naming them, unless both ends are of one family with valid ports (hosts are checked by `addressBytes`). */
export function checkEnds(local: Address, remote: Address): void {
  if (local.family !== remote.family) {
    throw new TypeError(`local and remote must be one family, got ${local.family} and ${remote.family}`);
  }
  checkPort(local.port);
  checkPort(remote.port);
}
