import { FdMachine, inBits, outBits } from './fdMachine.ts';
import type { LoadCalls } from './loadCalls.ts';

/** What a client tells the run. */
export type ClientHooks = { connected(): void; echoed(): void; closed(): void };

const Wait = { connect: 0, write: 1, read: 2 } as const;

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
export class LoadClient extends FdMachine {
  readonly #addr: Buffer;
  readonly #message: Uint8Array;
  readonly #on: ClientHooks;

  constructor(calls: LoadCalls, fd: number, addr: Buffer, message: Uint8Array, on: ClientHooks) {
    super(calls, fd, 'clients', on.closed);
    this.#addr = addr;
    this.#message = message;
    this.#on = on;
  }

  /** connect(): done at once, failed, or in progress (EINPROGRESS). */
  start(): void {
    const calls = this.calls;
    const rc = calls.connect(this.fd, this.#addr);
    if (rc < 0 && calls.code === calls.EINPROGRESS) {
      this.waiting = Wait.connect;
      this.block();
      return;
    }
    this.#connected(rc, calls.code);
  }

  ready(events: number): void {
    if (this.waiting === Wait.connect) {
      if ((events & outBits) === 0) return;
      const so = this.calls.soError(this.fd);
      this.#connected(so === 0 ? 0 : -1, so);
    } else if (this.waiting === Wait.write) {
      if ((events & outBits) !== 0) this.#write();
    } else if (this.waiting === Wait.read) {
      if ((events & inBits) !== 0) this.#read();
    }
  }

  #connected(rc: number, code: number): void {
    if (this.counted('connect', rc, code) < 0) this.close();
    else {
      this.#on.connected();
      this.#write();
    }
  }

  #write(): void {
    const rc = this.calls.send(this.fd, this.#message, this.#message.length);
    if (this.wouldBlock(rc, Wait.write)) return;
    if (this.counted('write', rc) < 0) this.close();
    else this.#read();
  }

  #read(): void {
    const rc = this.calls.read(this.fd, this.#message.length);
    if (this.wouldBlock(rc, Wait.read)) return;
    if (this.counted('read', rc) >= 0) this.#on.echoed();
    this.close();
  }
}
