import { linux } from '../libc/constants.ts';
import type { LoadCalls } from './loadCalls.ts';

/** What a client tells the run. */
export type ClientHooks = { connected(): void; echoed(): void; closed(): void };

const outBits = linux.EPOLLOUT | linux.EPOLLERR | linux.EPOLLHUP;
const inBits = linux.EPOLLIN | linux.EPOLLRDHUP | linux.EPOLLERR | linux.EPOLLHUP;

const Wait = { connect: 0, write: 1, read: 2, done: 3 } as const;

/**
 * One client of `load_client.c` as a state machine driven by readiness:
 * connect(), write() the message, read() the echo, close(); it stops at a
 * call that fails, as `exit(1)` would (close() still runs, as the kernel
 * closes an exiting program's fds). Each call is made when the C program
 * makes it; one that would block (EINPROGRESS, EAGAIN) counts as blocked
 * and completes when epoll says the fd is ready: a connect() by
 * getsockopt(SO_ERROR), as libuv does, the others by the call made again.
 *
 * @example
 * const client = new LoadClient(calls, fd, addr, message, hooks);
 * client.start();            // connect(): EINPROGRESS
 * client.ready(EPOLLOUT);    // getsockopt(SO_ERROR) 0, write(), read(): EAGAIN
 * client.ready(EPOLLIN);     // read() the echo, close()
 */
export class LoadClient {
  readonly #calls: LoadCalls;
  readonly #fd: number;
  readonly #addr: Buffer;
  readonly #message: Uint8Array;
  readonly #on: ClientHooks;
  #wait: number = Wait.connect;
  #blocked = false;

  constructor(calls: LoadCalls, fd: number, addr: Buffer, message: Uint8Array, on: ClientHooks) {
    this.#calls = calls;
    this.#fd = fd;
    this.#addr = addr;
    this.#message = message;
    this.#on = on;
  }

  /** Whether the client closed its socket. */
  get done(): boolean {
    return this.#wait === Wait.done;
  }

  /** The fd, for closing it when the run is abandoned. */
  get fd(): number {
    return this.#fd;
  }

  /** connect(): done at once, failed, or in progress (EINPROGRESS). */
  start(): void {
    const calls = this.#calls;
    const rc = calls.connect(this.#fd, this.#addr);
    if (rc < 0 && calls.code === calls.EINPROGRESS) {
      this.#blocked = true;
      return;
    }
    this.#connected(rc, calls.code);
  }

  /** What epoll said about the fd. */
  ready(events: number): void {
    if (this.#wait === Wait.connect) {
      if ((events & outBits) === 0) return;
      const so = this.#calls.soError(this.#fd);
      this.#connected(so === 0 ? 0 : -1, so);
    } else if (this.#wait === Wait.write) {
      if ((events & outBits) !== 0) this.#write();
    } else if (this.#wait === Wait.read) {
      if ((events & inBits) !== 0) this.#read();
    }
  }

  /** Closes the fd without counting it (the run was abandoned). */
  abandon(): void {
    if (this.#wait === Wait.done) return;
    this.#wait = Wait.done;
    this.#calls.close(this.#fd);
  }

  #connected(rc: number, code: number): void {
    this.#calls.count('clients', 'connect', rc, code, this.#blocked);
    this.#blocked = false;
    if (rc < 0) {
      this.#close();
      return;
    }
    this.#on.connected();
    this.#write();
  }

  #write(): void {
    const calls = this.#calls;
    const rc = calls.send(this.#fd, this.#message, this.#message.length);
    if (rc < 0 && calls.code === calls.EAGAIN) {
      this.#wait = Wait.write;
      this.#blocked = true;
      return;
    }
    calls.count('clients', 'write', rc, calls.code, this.#blocked);
    this.#blocked = false;
    if (rc < 0) {
      this.#close();
      return;
    }
    this.#read();
  }

  #read(): void {
    const calls = this.#calls;
    const rc = calls.read(this.#fd, this.#message.length);
    if (rc < 0 && calls.code === calls.EAGAIN) {
      this.#wait = Wait.read;
      this.#blocked = true;
      return;
    }
    calls.count('clients', 'read', rc, calls.code, this.#blocked);
    this.#blocked = false;
    if (rc >= 0) this.#on.echoed();
    this.#close();
  }

  #close(): void {
    this.#wait = Wait.done;
    const calls = this.#calls;
    calls.count('clients', 'close', calls.close(this.#fd), calls.code, false);
    this.#on.closed();
  }
}
