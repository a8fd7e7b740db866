import { ErrorCode, SocklabError, type SyscallName } from '@socklab/protocol';
import type { Lab } from '../lab.ts';
import { linux } from '../libc/constants.ts';
import { describeErrno, errnoCode } from '../libc/errno.ts';
import { errno, libc } from '../libc/libc.ts';
import type { CallTally } from './tally.ts';

/** Every libc call a load run made, by function: the C programs' calls, their retries after EAGAIN, and the driver's own (pinning, epoll). */
export type LibcCounts = {
  setns: number;
  socket: number;
  setsockopt: number;
  connect: number;
  getsockopt: number;
  send: number;
  read: number;
  accept4: number;
  close: number;
  /** One per fd: each is added to the run's epoll set once, edge-triggered. */
  epoll_ctl: number;
  /** On the main thread, with a zero timeout; the reactor's worker blocks in its own when nothing is ready. */
  epoll_wait: number;
};

/** Who made a call, as the tally names them. */
export type Actor = 'server' | 'clients';

const lo = Buffer.from('lo\0');

/**
 * The libc calls of a load run, made directly on non-blocking fds with
 * buffers reused across calls: each returns the kernel's answer (a value,
 * or -1 and the errno in `code`), counts itself in `libc`, and `count()`
 * puts a C call's final result in the tally. Sockets are made inside the
 * lab's network and pinned to lo, as `Lab.socket()` makes them
 * (SECURITY.md #4).
 *
 * @example
 * const calls = new LoadCalls(lab, tally, 14, () => {});
 * const fds = calls.sockets(2);   // two fds, or -1 each with its errno
 * calls.close(fds[0]);
 */
export class LoadCalls {
  readonly libc: LibcCounts = {
    setns: 0,
    socket: 0,
    setsockopt: 0,
    connect: 0,
    getsockopt: 0,
    send: 0,
    read: 0,
    accept4: 0,
    close: 0,
    epoll_ctl: 0,
    epoll_wait: 0,
  };
  /** The errno of the last call that returned -1. */
  code = 0;
  /** Where every read() lands: a C program's `char buff[…]`, one for all. */
  readonly rx: Buffer;
  readonly EAGAIN = errnoCode('EAGAIN');
  readonly EINPROGRESS = errnoCode('EINPROGRESS');
  readonly #lab: Lab;
  readonly #tally: CallTally;
  readonly #after: () => void;
  readonly #c = libc();
  readonly #soError = Buffer.alloc(4);
  readonly #soLen = Buffer.alloc(4);
  readonly #names = new Map<number, string>();

  /** `after` runs after every counted call (the run samples the table from it). */
  constructor(lab: Lab, tally: CallTally, readSize: number, after: () => void) {
    this.#lab = lab;
    this.#tally = tally;
    this.#after = after;
    this.rx = Buffer.alloc(Math.max(1, readSize));
  }

  /** Counts one C call's final result in the tally: `ret` ≥ 0, or -1 with `code`. */
  count(actor: Actor, syscall: SyscallName, ret: number, code: number, blocked: boolean): void {
    const failed = ret < 0;
    this.#tally.addCall(actor, syscall, failed ? -1 : ret, failed ? this.#errnoName(code) : null, blocked);
    this.#after();
  }

  /**
   * `count` sockets as socket(AF_INET, SOCK_STREAM|SOCK_NONBLOCK|SOCK_CLOEXEC, 0)
   * makes them, inside the lab's network (one setns there and back for all),
   * each pinned to lo; an fd, or -1 with its errno in `codes`.
   */
  sockets(count: number, codes: number[]): number[] {
    const c = this.#c;
    const n = this.libc;
    const fds: number[] = [];
    if (this.#lab.netns) n.setns += 2;
    this.#lab.within(() => {
      for (let i = 0; i < count; i++) {
        n.socket++;
        const fd = c.socket(linux.AF_INET, linux.SOCK_STREAM | linux.SOCK_NONBLOCK | linux.SOCK_CLOEXEC, 0);
        codes.push(fd < 0 ? errno() : 0);
        fds.push(fd);
      }
    });
    for (const fd of fds) {
      if (fd < 0) continue;
      n.setsockopt++;
      if (c.setsockopt(fd, linux.SOL_SOCKET, linux.SO_BINDTODEVICE, lo, lo.length) === 0) continue;
      for (const open of fds) if (open >= 0) this.close(open);
      throw new SocklabError(ErrorCode.unsupported, 'cannot pin the socket to the loopback device (SO_BINDTODEVICE)');
    }
    return fds;
  }

  connect(fd: number, addr: Buffer): number {
    this.libc.connect++;
    return this.#check(this.#c.connect(fd, addr, addr.length));
  }

  /** getsockopt(SO_ERROR): the error a non-blocking connect() ended with (0: connected), or the errno getsockopt() failed with. */
  soError(fd: number): number {
    this.libc.getsockopt++;
    this.#soLen.writeUInt32LE(4, 0);
    if (this.#c.getsockoptBuf(fd, linux.SOL_SOCKET, linux.SO_ERROR, this.#soError, this.#soLen) < 0) return errno();
    return this.#soError.readInt32LE(0);
  }

  /** send(fd, buf, len, MSG_NOSIGNAL): a reset peer gives EPIPE, not SIGPIPE. */
  send(fd: number, buf: Uint8Array, len: number): number {
    this.libc.send++;
    return this.#check(Number(this.#c.send(fd, buf, len, linux.MSG_NOSIGNAL)));
  }

  /** read(fd, rx, size). */
  read(fd: number, size: number): number {
    this.libc.read++;
    return this.#check(Number(this.#c.read(fd, this.rx, size)));
  }

  /** accept4(fd, NULL, NULL, SOCK_NONBLOCK|SOCK_CLOEXEC). */
  accept(fd: number): number {
    this.libc.accept4++;
    return this.#check(this.#c.acceptAnon(fd, null, null, linux.SOCK_NONBLOCK | linux.SOCK_CLOEXEC));
  }

  close(fd: number): number {
    this.libc.close++;
    return this.#check(this.#c.close(fd));
  }

  #check(rc: number): number {
    this.code = rc < 0 ? errno() : 0;
    return rc;
  }

  #errnoName(code: number): string {
    let name = this.#names.get(code);
    if (name === undefined) {
      name = describeErrno(code).name;
      this.#names.set(code, name);
    }
    return name;
  }
}
