import type { SyscallName } from '@socklab/protocol';
import { linux } from '../libc/constants.ts';
import type { Actor, LoadCalls } from './loadCalls.ts';

/** Readiness that lets a read() (or an accept()) go on: data, the end of file, an error. */
export const inBits = linux.EPOLLIN | linux.EPOLLRDHUP | linux.EPOLLERR | linux.EPOLLHUP;
/** Readiness that lets a write() or a connect() go on. */
export const outBits = linux.EPOLLOUT | linux.EPOLLERR | linux.EPOLLHUP;

/** The state every fd machine ends in. */
export const closedState = -1;

/**
 * What a load client and a served connection share: one fd, the call it
 * waits to make again (`waiting`), whether that call has blocked, and its
 * end: close() counted, or closed uncounted when the run is abandoned.
 *
 * @example
 * class Echo extends FdMachine { ready(events: number) { … } }
 */
export abstract class FdMachine {
  protected readonly calls: LoadCalls;
  readonly fd: number;
  readonly #actor: Actor;
  readonly #onClosed: () => void;
  /** The call waited for (a subclass's own numbers), or `closedState`. */
  protected waiting = 0;
  #blocked = false;

  constructor(calls: LoadCalls, fd: number, actor: Actor, onClosed: () => void) {
    this.calls = calls;
    this.fd = fd;
    this.#actor = actor;
    this.#onClosed = onClosed;
  }

  /** What epoll said about the fd. */
  abstract ready(events: number): void;

  /** Whether the machine closed its fd. */
  get done(): boolean {
    return this.waiting === closedState;
  }

  /** Closes the fd without counting it (the run was abandoned). */
  abandon(): void {
    if (this.done) return;
    this.waiting = closedState;
    this.calls.close(this.fd);
  }

  /** Marks the first attempt of a call that would block (EINPROGRESS). */
  protected block(): void {
    this.#blocked = true;
  }

  /** True when `rc` is EAGAIN: the call counts as blocked and is made again when `state` is ready. */
  protected wouldBlock(rc: number, state: number): boolean {
    if (rc >= 0 || this.calls.code !== this.calls.EAGAIN) return false;
    this.waiting = state;
    this.#blocked = true;
    return true;
  }

  /** Counts the call's final result (blocked if any attempt was); returns `rc`. */
  protected counted(syscall: SyscallName, rc: number, code = this.calls.code): number {
    this.calls.count(this.#actor, syscall, rc, code, this.#blocked);
    this.#blocked = false;
    return rc;
  }

  /** close(), counted: the program's last call. */
  protected close(): void {
    this.waiting = closedState;
    this.counted('close', this.calls.close(this.fd));
    this.#onClosed();
  }
}
