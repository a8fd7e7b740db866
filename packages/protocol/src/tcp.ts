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
