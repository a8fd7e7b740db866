import { libc } from './libc.ts';

/**
 * poll(2) of one fd with a zero timeout: which of `events` (POLLIN, POLLOUT…;
 * epoll's bits are the same, man 2 epoll_ctl) `fd` has now, 0 for none, -1 on
 * an error. `pfd` is the 8-byte `struct pollfd` to use (a caller on a hot path keeps one).
 */
export function pollNow(fd: number, events: number, pfd: Buffer = Buffer.alloc(8)): number {
  pfd.writeInt32LE(fd, 0);
  pfd.writeInt16LE(events & 0xffff, 4);
  pfd.writeInt16LE(0, 6);
  const rc = libc().poll(pfd, 1, 0);
  return rc < 0 ? -1 : rc === 0 ? 0 : pfd.readUInt16LE(6);
}
