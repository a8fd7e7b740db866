import { ErrorCode, SocklabError } from '@socklab/protocol';
import { linux } from '../libc/constants.ts';
import { describeErrno, errnoCode } from '../libc/errno.ts';
import { errno, libc } from '../libc/libc.ts';
import type { Reactor } from '../reactor.ts';

/** Every readiness a load socket may wait for; edge-triggered, so each fd is registered once for its whole life. */
const edgeBits = linux.EPOLLIN | linux.EPOLLOUT | linux.EPOLLRDHUP | linux.EPOLLET;
const batch = 1024;

/**
 * An epoll set of its own for a bulk run: each fd added once, edge-triggered
 * (man 7 epoll), with a token; `poll()` takes what is ready now with
 * `epoll_wait(…, 0)` on the calling thread, and `wait()` lets the shared
 * reactor's worker block until the set has something (an epoll fd is itself
 * readable when one of its fds is ready), so the event loop never blocks.
 * A closed fd leaves the set by itself: no EPOLL_CTL_DEL.
 *
 * @example
 * const loop = new EdgeLoop(sharedReactor());
 * loop.add(fd, 7);
 * while (loop.poll((token, events) => step(token, events)) === 0) await loop.wait();
 * loop.close();
 */
export class EdgeLoop {
  readonly #epfd: number;
  readonly #reactor: Reactor;
  readonly #events = Buffer.alloc(linux.epollEventSize * batch);
  readonly #ev = Buffer.alloc(linux.epollEventSize);
  /** epoll_ctl calls made: one per fd. */
  ctlCalls = 0;
  /** epoll_wait calls made on this thread (the reactor's worker waits in its own). */
  waitCalls = 0;
  readonly #EINTR = errnoCode('EINTR');
  #closed = false;

  constructor(reactor: Reactor) {
    this.#reactor = reactor;
    this.#epfd = libc().epollCreate1(linux.EPOLL_CLOEXEC);
    if (this.#epfd < 0) throw failed('epoll_create1()', errno());
  }

  /** Adds `fd` for every readiness; throws `SOCKLAB_ERR_INTERNAL` when epoll_ctl fails (ENOMEM, ENOSPC: max_user_watches). */
  add(fd: number, token: number): void {
    const ev = this.#ev;
    ev.writeUInt32LE(edgeBits >>> 0, 0);
    ev.writeUInt32LE(token, linux.epollDataOffset);
    ev.writeUInt32LE(0, linux.epollDataOffset + 4);
    this.ctlCalls++;
    if (libc().epollCtl(this.#epfd, linux.EPOLL_CTL_ADD, fd, ev) < 0) throw failed(`epoll_ctl(ADD, ${fd})`, errno());
  }

  /** Hands each ready fd's token and event bits to `each`; returns how many there were (0: nothing ready now). */
  poll(each: (token: number, events: number) => void): number {
    const buf = this.#events;
    this.waitCalls++;
    const n = libc().epollWait(this.#epfd, buf, batch, 0);
    if (n < 0) {
      const code = errno();
      if (code === this.#EINTR) return 0;
      throw failed('epoll_wait()', code);
    }
    const size = linux.epollEventSize;
    for (let i = 0; i < n; i++) each(buf.readUInt32LE(i * size + linux.epollDataOffset), buf.readUInt32LE(i * size));
    return n;
  }

  /** Resolves once some fd of the set is ready (the reactor's worker waits); rejects when `close()` comes first. */
  async wait(): Promise<void> {
    await this.#reactor.wait(this.#epfd, 'readable');
  }

  /** Takes the set out of the reactor and closes it; the fds in it stay open. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#reactor.cancel(this.#epfd);
    libc().close(this.#epfd);
  }
}

function failed(call: string, code: number): SocklabError {
  const e = describeErrno(code);
  return new SocklabError(ErrorCode.internal, `the load run's ${call} failed: ${e.name} (${e.message})`);
}
