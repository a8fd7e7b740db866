import { bytesToText, type CallArgs } from '@socklab/protocol';
import { checkLabAddress } from './addressPolicy.ts';
import { checkBacklog, checkReadSize, checkWriteSize, type LabCall, type PreparedCall } from './calls.ts';
import type { Lab } from './lab.ts';
import { encodeSockaddr } from './libc/sockaddr.ts';

/**
 * Checks one call of a lab and says exactly what the kernel will get, before
 * anything reaches it: an unknown or closed socket, an address outside the
 * loopback policy or a limit throws a `SocklabError` here, so a refused call
 * has no half (no syscall, nothing to show as entered). `run()` makes the call
 * with the lab's own method for it.
 *
 * @example
 * const call = prepareCall(lab, { syscall: 'listen', socket: 'sock-1', backlog: 5 });
 * call.args; // { syscall: 'listen', fd: 3, backlog: 5 }
 */
export function prepareCall(lab: Lab, call: LabCall): PreparedCall {
  if (call.syscall === 'socket') {
    const family = call.family ?? 'inet';
    const nonblocking = call.nonblocking ?? false;
    lab.assertRoom();
    return {
      socket: null,
      args: {
        syscall: 'socket',
        domain: family === 'inet' ? 'PF_INET' : 'PF_INET6',
        type: nonblocking ? 'SOCK_STREAM|SOCK_NONBLOCK' : 'SOCK_STREAM',
        protocol: 0,
      },
      run: () => lab.socket(family, { nonblocking }),
    };
  }
  const id = call.socket;
  const { fd } = lab.open(id);
  switch (call.syscall) {
    case 'setsockopt': {
      const level = call.option === 'TCP_NODELAY' ? 'IPPROTO_TCP' : 'SOL_SOCKET';
      const args: CallArgs = { syscall: 'setsockopt', fd, level, option: call.option, value: call.value };
      return { socket: id, args, run: () => lab.setsockopt(id, call.option, call.value) };
    }
    case 'bind':
    case 'connect': {
      const address = checkLabAddress(call.host, call.port, call.syscall, lab.limits.ports);
      const args: CallArgs = { syscall: call.syscall, fd, address, addrlen: encodeSockaddr(address).length };
      const to = { host: call.host, port: call.port };
      return {
        socket: id,
        args,
        run: call.syscall === 'bind' ? () => lab.bind(id, to) : (onBlock) => lab.connect(id, to, onBlock),
      };
    }
    case 'listen':
      checkBacklog(call.backlog);
      return {
        socket: id,
        args: { syscall: 'listen', fd, backlog: call.backlog },
        run: () => lab.listen(id, call.backlog),
      };
    case 'accept':
      lab.assertRoom();
      return { socket: id, args: { syscall: 'accept', fd }, run: (onBlock) => lab.accept(id, onBlock) };
    case 'read':
      checkReadSize(call.size, lab.limits);
      return {
        socket: id,
        args: { syscall: 'read', fd, count: call.size },
        run: (onBlock) => lab.read(id, call.size, onBlock),
      };
    case 'write': {
      checkWriteSize(call.data.length, lab.limits);
      const args: CallArgs = { syscall: 'write', fd, count: call.data.length, text: bytesToText(call.data) };
      return { socket: id, args, run: (onBlock) => lab.write(id, call.data, onBlock) };
    }
    case 'shutdown':
      return { socket: id, args: { syscall: 'shutdown', fd, how: call.how }, run: () => lab.shutdown(id, call.how) };
    case 'close':
      return { socket: id, args: { syscall: 'close', fd }, run: () => lab.close(id) };
    case 'getsockname':
    case 'getpeername': {
      const which = call.syscall;
      return {
        socket: id,
        args: { syscall: which, fd },
        run: () => (which === 'getsockname' ? lab.getsockname(id) : lab.getpeername(id)),
      };
    }
    case 'fcntl':
      return {
        socket: id,
        args: { syscall: 'fcntl', fd, cmd: 'F_SETFL', flags: 'O_NONBLOCK' },
        run: () => lab.fcntlNonblocking(id),
      };
    case 'getsockopt':
      return {
        socket: id,
        args: { syscall: 'getsockopt', fd, level: 'SOL_SOCKET', option: 'SO_ERROR' },
        run: () => lab.getsockoptError(id),
      };
    default: {
      const never: never = call;
      throw new TypeError(`Lab.prepare: unknown call ${JSON.stringify(never)}`);
    }
  }
}
