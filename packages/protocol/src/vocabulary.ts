/**
 * The eleven TCP states of RFC 9293 §3.3.2, spelled with underscores.
 */
export const TcpState = {
  CLOSED: 'CLOSED',
  LISTEN: 'LISTEN',
  SYN_SENT: 'SYN_SENT',
  SYN_RECEIVED: 'SYN_RECEIVED',
  ESTABLISHED: 'ESTABLISHED',
  FIN_WAIT_1: 'FIN_WAIT_1',
  FIN_WAIT_2: 'FIN_WAIT_2',
  CLOSE_WAIT: 'CLOSE_WAIT',
  CLOSING: 'CLOSING',
  LAST_ACK: 'LAST_ACK',
  TIME_WAIT: 'TIME_WAIT',
} as const;
export type TcpState = (typeof TcpState)[keyof typeof TcpState];

/** Every TCP state, in the order RFC 9293 draws them. */
export const tcpStates: readonly TcpState[] = Object.values(TcpState);

/** The socket calls socklab performs, named as a C program names them. */
export const SyscallName = {
  socket: 'socket',
  setsockopt: 'setsockopt',
  bind: 'bind',
  listen: 'listen',
  accept: 'accept',
  connect: 'connect',
  read: 'read',
  write: 'write',
  shutdown: 'shutdown',
  close: 'close',
  getsockname: 'getsockname',
  getpeername: 'getpeername',
  fcntl: 'fcntl',
  getsockopt: 'getsockopt',
} as const;
export type SyscallName = (typeof SyscallName)[keyof typeof SyscallName];

/**
 * The TCP flags socklab decodes, in the one order they are written everywhere
 * (events, checks, labels): ACK last, as people say `SYN-ACK`, `FIN-ACK`.
 */
export const tcpFlags = ['SYN', 'FIN', 'RST', 'PSH', 'URG', 'ECE', 'CWR', 'ACK'] as const;
export type TcpFlag = (typeof tcpFlags)[number];

/**
 * `flags` in socklab's one flag order, without duplicates.
 *
 * @example
 * sortFlags(['ACK', 'SYN']) // ['SYN', 'ACK']
 */
export function sortFlags(flags: Iterable<TcpFlag>): TcpFlag[] {
  const set = new Set(flags);
  return tcpFlags.filter((flag) => set.has(flag));
}

/**
 * A segment's flags as one comparable string, as lesson expectations write it.
 *
 * @example
 * flagSet(['ACK', 'FIN']) // 'FIN,ACK'
 */
export function flagSet(flags: Iterable<TcpFlag>): string {
  return sortFlags(flags).join(',');
}

/**
 * A segment's flags as people say them: `SYN`, `SYN-ACK`, `PSH-ACK`, `FIN-ACK`, `RST`.
 *
 * @example
 * flagLabel(['ACK', 'FIN']) // 'FIN-ACK'
 */
export function flagLabel(flags: Iterable<TcpFlag>): string {
  const sorted = sortFlags(flags);
  return sorted.length === 0 ? '(none)' : sorted.join('-');
}

/** The address families a lab socket may have. */
export const families = ['inet', 'inet6'] as const;
export type Family = (typeof families)[number];

/** Socket options a lab may set; SO_LINGER's value is `l_linger` with `l_onoff = 1`. */
export const socketOptions = ['SO_REUSEADDR', 'SO_LINGER', 'SO_KEEPALIVE', 'TCP_NODELAY'] as const;
export type SocketOption = (typeof socketOptions)[number];

/** `how` of shutdown(2). */
export const shutdownHows = ['SHUT_RD', 'SHUT_WR', 'SHUT_RDWR'] as const;
export type ShutdownHow = (typeof shutdownHows)[number];

/** The API roles of a socket (packages/lifecycle has one machine per role). */
export const roles = ['listener', 'client', 'connection'] as const;
export type Role = (typeof roles)[number];

/** Where a row of the kernel's socket table came from. */
export const rowSources = ['sock_diag', 'proc', 'tcp_info'] as const;
export type RowSource = (typeof rowSources)[number];

/** Sizes the protocol bounds (schemas enforce them; the server enforces the rest). */
export const protocolLimits = {
  /** Largest write or read a command may ask for. */
  maxCallBytes: 65_536,
  /** Most rows one `kernel.table` or `kernel.changes` event may carry (a longer table is sent in parts). */
  maxTableRows: 512,
  /** Most clients a `load` lesson run may ask for (each holds two lab sockets at once). */
  maxLoadClients: 5000,
  /** Payload bytes a `packet` event previews. */
  payloadPreviewBytes: 64,
  /**
   * Bytes of the IP datagram a `packet` event keeps (`frame`): its IP and TCP
   * headers and the payload preview fit (60 + 60 + 64 for IPv4); a datagram
   * whose headers are longer is cut here, never padded.
   */
  frameBytes: 256,
  /** The longest IP datagram on `lo`: an IPv4 total length, or an IPv6 payload length and its 40-byte header. */
  maxDatagramBytes: 65_535 + 40,
  /** Longest note a `marker.add` may carry. */
  maxNoteChars: 500,
} as const;
