import type { Address, CallArgs, Errno } from './events.ts';

/**
 * `127.0.0.1:4000`, `[::1]:4000`.
 *
 * @example
 * formatAddress({ family: 'inet6', host: '::1', port: 80 }) // '[::1]:80'
 */
export function formatAddress(address: Address): string {
  return address.family === 'inet6' ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

const sockaddr = (address: Address) =>
  `{${address.family === 'inet6' ? 'AF_INET6' : 'AF_INET'}, ${formatAddress(address)}}`;

/**
 * A call as its C program makes it, with the arguments the kernel got: the one
 * C renderer, used by the CLI and the web.
 *
 * @example
 * showCall({ syscall: 'bind', fd: 3, address: { family: 'inet', host: '127.0.0.1', port: 4000 }, addrlen: 16 })
 * // 'bind(3, {AF_INET, 127.0.0.1:4000}, 16)'
 */
export function showCall(call: CallArgs): string {
  switch (call.syscall) {
    case 'socket':
      return `socket(${call.domain}, ${call.type}, ${call.protocol})`;
    case 'setsockopt': {
      const value = call.option === 'SO_LINGER' ? `&(struct linger){1, ${call.value}}, 8` : `&(int){${call.value}}, 4`;
      return `setsockopt(${call.fd}, ${call.level}, ${call.option}, ${value})`;
    }
    case 'bind':
    case 'connect':
      return `${call.syscall}(${call.fd}, ${sockaddr(call.address)}, ${call.addrlen})`;
    case 'listen':
      return `listen(${call.fd}, ${call.backlog})`;
    case 'accept':
      return `accept(${call.fd}, &addr, &addrlen)`;
    case 'read':
      return `read(${call.fd}, buf, ${call.count})`;
    case 'write':
      return `write(${call.fd}, "${call.text}", ${call.count})`;
    case 'shutdown':
      return `shutdown(${call.fd}, ${call.how})`;
    case 'close':
      return `close(${call.fd})`;
    case 'getsockname':
    case 'getpeername':
      return `${call.syscall}(${call.fd}, &addr, &addrlen)`;
    case 'fcntl':
      return `fcntl(${call.fd}, ${call.cmd}, flags | ${call.flags})`;
    case 'getsockopt':
      return `getsockopt(${call.fd}, ${call.level}, ${call.option}, &err, &len)`;
    default: {
      const never: never = call;
      throw new TypeError(`showCall: unknown call ${JSON.stringify(never)}`);
    }
  }
}

/**
 * What a call returned, as strace prints it: `= 4`, `= -1 EADDRINUSE (Address already in use)`.
 *
 * @example
 * showReturn({ ret: -1, errno: { name: 'ECONNREFUSED', code: 111, message: 'Connection refused' } })
 * // '= -1 ECONNREFUSED (Connection refused)'
 */
export function showReturn(exit: { ret: number; errno: Errno | null }): string {
  return exit.errno === null ? `= ${exit.ret}` : `= ${exit.ret} ${exit.errno.name} (${exit.errno.message})`;
}
