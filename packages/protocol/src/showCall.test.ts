import { describe, expect, it } from 'vitest';
import type { CallArgs } from './events.ts';
import { formatAddress, showCall, showReturn } from './showCall.ts';

const v4 = { family: 'inet', host: '127.0.0.1', port: 4000 } as const;
const v6 = { family: 'inet6', host: '::1', port: 4000 } as const;

describe('showCall: the one C renderer', () => {
  it.each<[CallArgs, string]>([
    [{ syscall: 'socket', domain: 'PF_INET', type: 'SOCK_STREAM', protocol: 0 }, 'socket(PF_INET, SOCK_STREAM, 0)'],
    [{ syscall: 'bind', fd: 3, address: v4, addrlen: 16 }, 'bind(3, {AF_INET, 127.0.0.1:4000}, 16)'],
    [{ syscall: 'connect', fd: 4, address: v6, addrlen: 28 }, 'connect(4, {AF_INET6, [::1]:4000}, 28)'],
    [{ syscall: 'listen', fd: 3, backlog: 5 }, 'listen(3, 5)'],
    [{ syscall: 'accept', fd: 3 }, 'accept(3, &addr, &addrlen)'],
    [{ syscall: 'read', fd: 5, count: 29 }, 'read(5, buf, 29)'],
    [{ syscall: 'write', fd: 5, count: 13, text: 'Hello World!\\0' }, 'write(5, "Hello World!\\0", 13)'],
    [{ syscall: 'shutdown', fd: 5, how: 'SHUT_WR' }, 'shutdown(5, SHUT_WR)'],
    [{ syscall: 'close', fd: 5 }, 'close(5)'],
    [
      { syscall: 'setsockopt', fd: 3, level: 'IPPROTO_TCP', option: 'TCP_NODELAY', value: 1 },
      'setsockopt(3, IPPROTO_TCP, TCP_NODELAY, &(int){1}, 4)',
    ],
    [
      { syscall: 'setsockopt', fd: 3, level: 'SOL_SOCKET', option: 'SO_LINGER', value: 0 },
      'setsockopt(3, SOL_SOCKET, SO_LINGER, &(struct linger){1, 0}, 8)',
    ],
    [{ syscall: 'getsockname', fd: 3 }, 'getsockname(3, &addr, &addrlen)'],
    [{ syscall: 'fcntl', fd: 3, cmd: 'F_SETFL', flags: 'O_NONBLOCK' }, 'fcntl(3, F_SETFL, flags | O_NONBLOCK)'],
    [
      { syscall: 'getsockopt', fd: 3, level: 'SOL_SOCKET', option: 'SO_ERROR' },
      'getsockopt(3, SOL_SOCKET, SO_ERROR, &err, &len)',
    ],
  ])('%j', (call, c) => {
    expect(showCall(call)).toBe(c);
  });

  it('throws at once on a call it does not know, naming it', () => {
    expect(() => showCall({ syscall: 'ioctl' } as unknown as CallArgs)).toThrow(/ioctl/);
  });

  it('renders returns as strace does', () => {
    expect(showReturn({ ret: 4, errno: null })).toBe('= 4');
    const errno = { name: 'EADDRINUSE', code: 98, message: 'Address already in use' };
    expect(showReturn({ ret: -1, errno })).toBe('= -1 EADDRINUSE (Address already in use)');
  });

  it('brackets IPv6 hosts', () => {
    expect(formatAddress(v4)).toBe('127.0.0.1:4000');
    expect(formatAddress(v6)).toBe('[::1]:4000');
  });
});
