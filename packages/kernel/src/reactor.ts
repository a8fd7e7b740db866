import { Worker } from 'node:worker_threads';
import { ErrorCode, SocklabError } from '@socklab/protocol';
import { linux } from './libc/constants.ts';
import { errno, koffiPath, libc } from './libc/libc.ts';
import { pollNow } from './libc/pollNow.ts';

/** What a blocked call waits for. */
export type Readiness = 'readable' | 'writable';

// The worker blocks in epoll_wait(2) so the main thread never does. It is plain
// JavaScript evaluated in the worker, so it runs the same under tsx, vitest and
// the esbuild bundle. The timeout bounds how long a stop or process exit waits
// for the thread to leave native code.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const koffi = require(workerData.koffiPath);
const lib = koffi.load('libc.so.6');
const epollWait = lib.func('int epoll_wait(int epfd, _Out_ void *events, int max, int timeout)');
const { epfd, eventSize, dataOffset, stop } = workerData;
const flag = new Int32Array(stop);
const buf = Buffer.alloc(eventSize * 64);
while (Atomics.load(flag, 0) === 0) {
  const n = epollWait(epfd, buf, 64, 100);
  if (n < 0) {
    if (koffi.errno() === 4) continue;
    parentPort.postMessage({ error: koffi.errno() });
    break;
  }
  if (n === 0) continue;
  const ready = [];
  for (let i = 0; i < n; i++) ready.push([buf.readUInt32LE(i * eventSize + dataOffset), buf.readUInt32LE(i * eventSize)]);
  parentPort.postMessage({ ready });
}
`;

type Waiter = { fd: number; bits: number; resolve: (events: number) => void; reject: (err: Error) => void };

/**
 * Waits for socket readiness with epoll (one-shot) on a worker thread, so a
 * call that would block in C is retried when the kernel says it can proceed.
 * The worker starts with the reactor and stops at `close()` or when the process
 * has nothing left to do.
 *
 * @example
 * await reactor.wait(fd, 'readable'); // then retry accept4()
 */
export class Reactor {
  readonly #epfd: number;
  readonly #wakeFd: number;
  readonly #waiters = new Map<number, Waiter>();
  readonly #tokenByFd = new Map<number, number>();
  // fds still in the epoll set after their one-shot fired: re-armed with MOD, not DEL + ADD.
  readonly #armed = new Set<number>();
  readonly #ev = Buffer.alloc(linux.epollEventSize);
  readonly #pfd = Buffer.alloc(8);
  #nextToken = 1;
  #worker: { thread: Worker; stop: Int32Array } | undefined;
  #closed = false;

  constructor() {
    const c = libc();
    this.#epfd = c.epollCreate1(linux.EPOLL_CLOEXEC);
    if (this.#epfd < 0) throw new Error(`epoll_create1 failed: errno ${errno()}`);
    this.#wakeFd = c.eventfd(0, linux.EFD_NONBLOCK | linux.EFD_CLOEXEC);
    if (this.#wakeFd < 0) throw new Error(`eventfd failed: errno ${errno()}`);
    this.#ctl(linux.EPOLL_CTL_ADD, this.#wakeFd, linux.EPOLLIN, 0);
    // Starting a worker takes tens of milliseconds: do it now, not in the first blocked call.
    this.#ensureWorker();
  }

  /** How many calls are waiting. */
  get waiting(): number {
    return this.#waiters.size;
  }

  /**
   * Resolves with the epoll event bits once `fd` is ready. One waiter per fd;
   * rejects with `SOCKLAB_ERR_CANCELLED` if `cancel(fd)` or `close()` comes first.
   */
  wait(fd: number, want: Readiness): Promise<number> {
    if (this.#closed) return Promise.reject(new SocklabError(ErrorCode.cancelled, 'the reactor is closed'));
    if (this.#tokenByFd.has(fd)) {
      return Promise.reject(new SocklabError(ErrorCode.busy, `another call is already blocked on fd ${fd}`));
    }
    const token = this.#nextToken++;
    const bits = (want === 'readable' ? linux.EPOLLIN | linux.EPOLLRDHUP : linux.EPOLLOUT) | linux.EPOLLONESHOT;
    return new Promise<number>((resolve, reject) => {
      this.#waiters.set(token, { fd, bits, resolve, reject });
      this.#tokenByFd.set(fd, token);
      const rc = this.#arm(fd, bits, token);
      if (rc < 0) {
        this.#forget(token);
        reject(new Error(`epoll_ctl(ADD, ${fd}) failed: errno ${errno()}`));
        return;
      }
      this.#ensureWorker();
      this.#worker?.thread.ref();
    });
  }

  /**
   * Resolves the call waiting on `fd` at once if `fd` is ready already
   * (poll(2), zero timeout), without the worker's round trip: on loopback a
   * call that makes another ready (a connect waking an accept, a write a
   * read) has done so by the time it returns. The one-shot event, if it
   * fires later, finds no waiter. Returns whether it resolved one.
   */
  fireIfReady(fd: number): boolean {
    const token = this.#tokenByFd.get(fd);
    const waiter = token === undefined ? undefined : this.#waiters.get(token);
    if (token === undefined || !waiter) return false;
    const events = pollNow(fd, waiter.bits, this.#pfd);
    if (events <= 0) return false;
    this.#fire(token, events);
    return true;
  }

  /** Abandons the call waiting on `fd`, if any, and takes `fd` out of the epoll set (before the fd is closed). */
  cancel(fd: number): void {
    const token = this.#tokenByFd.get(fd);
    if (token === undefined) {
      if (this.#armed.delete(fd)) this.#ctl(linux.EPOLL_CTL_DEL, fd, 0, 0);
      return;
    }
    const waiter = this.#waiters.get(token);
    this.#ctl(linux.EPOLL_CTL_DEL, fd, 0, 0);
    this.#armed.delete(fd);
    this.#forget(token);
    waiter?.reject(new SocklabError(ErrorCode.cancelled, `the call blocked on fd ${fd} was abandoned`));
  }

  /** Cancels every waiter and stops the worker; the reactor cannot be used again. */
  async close(): Promise<void> {
    if (this.#closed) return;
    for (const fd of [...this.#tokenByFd.keys()]) this.cancel(fd);
    this.#closed = true;
    await this.#stopWorker();
    libc().close(this.#wakeFd);
    libc().close(this.#epfd);
  }

  // man 7 epoll: a fired EPOLLONESHOT fd stays in the set, disabled, until EPOLL_CTL_MOD re-arms it.
  // An fd closed since (and perhaps reused) is gone from the set: MOD says ENOENT, then ADD.
  #arm(fd: number, bits: number, token: number): number {
    if (this.#armed.has(fd)) {
      if (this.#ctl(linux.EPOLL_CTL_MOD, fd, bits, token) === 0) return 0;
      this.#armed.delete(fd);
    }
    const rc = this.#ctl(linux.EPOLL_CTL_ADD, fd, bits, token);
    if (rc === 0) this.#armed.add(fd);
    return rc;
  }

  #ctl(op: number, fd: number, events: number, token: number): number {
    const ev = this.#ev;
    ev.writeUInt32LE(events >>> 0, 0);
    ev.writeUInt32LE(token, linux.epollDataOffset);
    return libc().epollCtl(this.#epfd, op, fd, ev);
  }

  #forget(token: number): void {
    const waiter = this.#waiters.get(token);
    if (!waiter) return;
    this.#waiters.delete(token);
    this.#tokenByFd.delete(waiter.fd);
    // A waiting call keeps the process alive, as a blocked C program would.
    if (this.#waiters.size === 0) this.#worker?.thread.unref();
  }

  #ensureWorker(): void {
    if (this.#worker) return;
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const thread = new Worker(workerSource, {
      eval: true,
      workerData: {
        koffiPath,
        epfd: this.#epfd,
        eventSize: linux.epollEventSize,
        dataOffset: linux.epollDataOffset,
        stop: stop.buffer,
      },
    });
    thread.unref();
    thread.on('message', (msg: { ready?: [number, number][]; error?: number }) => {
      for (const [token, events] of msg.ready ?? []) this.#fire(token, events);
      if (msg.error !== undefined) {
        const err = new Error(`epoll_wait failed: errno ${msg.error}`);
        for (const token of [...this.#waiters.keys()]) {
          const waiter = this.#waiters.get(token);
          this.#forget(token);
          waiter?.reject(err);
        }
      }
    });
    thread.on('error', () => {
      if (this.#worker?.thread === thread) this.#worker = undefined;
    });
    thread.on('exit', () => {
      if (this.#worker?.thread === thread) this.#worker = undefined;
      if (this.#waiters.size > 0 && !this.#closed) this.#ensureWorker();
    });
    this.#worker = { thread, stop };
    process.once('exit', () => this.#signalStop(stop));
    process.once('beforeExit', () => {
      if (this.#worker?.thread === thread && this.#waiters.size === 0) void this.#stopWorker();
    });
  }

  // A worker inside a native call ignores termination, so at process exit it
  // is asked to leave its loop instead; Node then joins it.
  #signalStop(stop: Int32Array): void {
    Atomics.store(stop, 0, 1);
    const one = Buffer.alloc(8);
    one.writeBigUInt64LE(1n);
    libc().write(this.#wakeFd, one, 8);
  }

  async #stopWorker(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#worker = undefined;
    worker.thread.ref();
    this.#signalStop(worker.stop);
    await new Promise<void>((resolve) => {
      worker.thread.once('exit', () => resolve());
    });
  }

  #fire(token: number, events: number): void {
    if (token === 0) return;
    const waiter = this.#waiters.get(token);
    if (!waiter) return;
    this.#forget(token);
    waiter.resolve(events);
  }
}

let shared: Reactor | undefined;

/** The process-wide reactor, created on first use. */
export function sharedReactor(): Reactor {
  shared ??= new Reactor();
  return shared;
}
