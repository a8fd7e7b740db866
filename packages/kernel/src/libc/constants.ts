/**
 * Linux constants and layouts for the socket API, from the kernel's UAPI headers.
 * They are the same on x86-64 and arm64 except where noted. Errno numbers are
 * not here: they come from koffi's own table (`koffi.os.errno`).
 */
export const linux = {
  AF_INET: 2,
  SOCK_DGRAM: 2,
  AF_INET6: 10,
  SOCK_STREAM: 1,
  SOCK_NONBLOCK: 0o4000,
  SOCK_CLOEXEC: 0o2000000,
  IPPROTO_TCP: 6,
  F_GETFL: 3,
  F_SETFL: 4,
  O_NONBLOCK: 0o4000,
  SOL_SOCKET: 1,
  SO_REUSEADDR: 2,
  SO_ERROR: 4,
  SO_KEEPALIVE: 9,
  SO_LINGER: 13,
  SO_BINDTODEVICE: 25,
  SO_REUSEPORT: 15,
  TCP_NODELAY: 1,
  TCP_INFO: 11,
  SHUT_RD: 0,
  SHUT_WR: 1,
  SHUT_RDWR: 2,
  MSG_NOSIGNAL: 0x4000,
  MSG_PEEK: 0x2,
  SIOCINQ: 0x541b,
  SIOCGIFFLAGS: 0x8913,
  SIOCSIFFLAGS: 0x8914,
  IFF_UP: 0x1,
  /** struct ifreq: char ifr_name[16], then a union whose first member is short ifr_flags. */
  ifreqSize: 40,
  CLONE_NEWNET: 0x40000000,
  O_RDONLY: 0,
  O_CLOEXEC: 0o2000000,
  SIOCOUTQ: 0x5411,
  POLLIN: 0x1,
  POLLOUT: 0x4,
  POLLERR: 0x8,
  POLLHUP: 0x10,
  EPOLLIN: 0x1,
  EPOLLOUT: 0x4,
  EPOLLERR: 0x8,
  EPOLLHUP: 0x10,
  EPOLLRDHUP: 0x2000,
  EPOLLONESHOT: 1 << 30,
  /** Edge-triggered (bit 31: negative as an int32; write it with `>>> 0`). */
  EPOLLET: 1 << 31,
  EPOLL_CTL_ADD: 1,
  EPOLL_CTL_DEL: 2,
  EPOLL_CTL_MOD: 3,
  EPOLL_CLOEXEC: 0o2000000,
  EFD_NONBLOCK: 0o4000,
  EFD_CLOEXEC: 0o2000000,
  /** `struct epoll_event` is packed on x86-64 only (12 bytes); elsewhere 16. */
  epollEventSize: process.arch === 'x64' ? 12 : 16,
  epollDataOffset: process.arch === 'x64' ? 4 : 8,
  sockaddrInSize: 16,
  sockaddrIn6Size: 28,
  sockaddrStorageSize: 128,
  tcpInfoSize: 232,
} as const;

/**
 * Linux `tcpi_state` numbers (include/net/tcp_states.h) mapped to RFC 9293
 * names. Linux calls CLOSED `TCP_CLOSE`; NEW_SYN_RECV and BOUND_INACTIVE are
 * Linux-internal and only seen through sock_diag.
 */
export const linuxTcpStates: Readonly<Record<number, string>> = {
  1: 'ESTABLISHED',
  2: 'SYN_SENT',
  3: 'SYN_RECEIVED',
  4: 'FIN_WAIT_1',
  5: 'FIN_WAIT_2',
  6: 'TIME_WAIT',
  7: 'CLOSED',
  8: 'CLOSE_WAIT',
  9: 'LAST_ACK',
  10: 'LISTEN',
  11: 'CLOSING',
  12: 'SYN_RECEIVED',
  13: 'CLOSED',
};
