import type { EdgeLoop } from './edgeLoop.ts';
import { FdMachine, inBits, outBits } from './fdMachine.ts';
import type { LoadCalls } from './loadCalls.ts';

/** What the server tells the run. */
export type ServerHooks = {
  /** A connection was accepted and added to the loop under `token`; the run dispatches its readiness to it. */
  accepted(connection: LoadConnection, token: number): void;
  /** A connection closed. */
  closed(): void;
  /** accept() failed: the server stops, as `exit(1)` would. */
  failed(): void;
};

/**
 * `load_server.c`'s listener loop: accept() `clients` connections one after
 * another, each served at once (the C server forks). One accept() that finds
 * the queue empty (EAGAIN) counts as blocked and completes on the next
 * readiness; a ready listener is drained in a loop.
 *
 * @example
 * const server = new LoadServer(calls, loop, listenerFd, 1000, 14, firstToken, hooks);
 * server.start();           // accept(): EAGAIN, blocked
 * server.ready(EPOLLIN);    // accept() what the queue holds
 */
export class LoadServer {
  readonly #calls: LoadCalls;
  readonly #loop: EdgeLoop;
  readonly #fd: number;
  readonly #clients: number;
  readonly #size: number;
  readonly #on: ServerHooks;
  #nextToken: number;
  #accepted = 0;
  #blocked = false;
  #stopped = false;

  constructor(
    calls: LoadCalls,
    loop: EdgeLoop,
    fd: number,
    clients: number,
    size: number,
    firstToken: number,
    on: ServerHooks,
  ) {
    this.#calls = calls;
    this.#loop = loop;
    this.#fd = fd;
    this.#clients = clients;
    this.#size = size;
    this.#nextToken = firstToken;
    this.#on = on;
  }

  /** Whether the server made every accept() it will make. */
  get done(): boolean {
    return this.#stopped || this.#accepted === this.#clients;
  }

  /** The first accept(), right after listen(). */
  start(): void {
    this.#accept();
  }

  /** What epoll said about the listener. */
  ready(events: number): void {
    if ((events & inBits) !== 0) this.#accept();
  }

  #accept(): void {
    const calls = this.#calls;
    while (!this.done) {
      const fd = calls.accept(this.#fd);
      if (fd < 0 && calls.code === calls.EAGAIN) {
        this.#blocked = true;
        return;
      }
      calls.count('server', 'accept', fd, calls.code, this.#blocked);
      this.#blocked = false;
      if (fd < 0) {
        this.#stopped = true;
        this.#on.failed();
        return;
      }
      this.#accepted++;
      const token = this.#nextToken++;
      const connection = new LoadConnection(calls, fd, this.#size, this.#on.closed);
      // Known to the run before epoll_ctl, which may throw: the run then closes it with the rest.
      this.#on.accepted(connection, token);
      this.#loop.add(fd, token);
      connection.start();
    }
  }
}

const Wait = { message: 0, echo: 1, end: 2 } as const;

/**
 * One connection of `load_server.c`'s child: read() the message, write() it
 * back, read() the end of file (0: the client closed), close().
 *
 * @example
 * const connection = new LoadConnection(calls, fd, 14, () => open--);
 * connection.start();          // read() the message (or EAGAIN)
 * connection.ready(EPOLLIN);   // …write() it back, read() 0, close()
 */
export class LoadConnection extends FdMachine {
  readonly #size: number;
  // The message to echo, kept only while its write() waits (the read buffer is shared).
  #pending: Buffer | null = null;

  constructor(calls: LoadCalls, fd: number, size: number, onClosed: () => void) {
    super(calls, fd, 'server', onClosed);
    this.#size = size;
  }

  /** The first read(), right after accept(). */
  start(): void {
    this.waiting = Wait.message;
    this.#readMessage();
  }

  ready(events: number): void {
    if (this.waiting === Wait.message) {
      if ((events & inBits) !== 0) this.#readMessage();
    } else if (this.waiting === Wait.echo) {
      if ((events & outBits) !== 0 && this.#pending) this.#echo(this.#pending, this.#pending.length);
    } else if (this.waiting === Wait.end) {
      if ((events & inBits) !== 0) this.#readEnd();
    }
  }

  #readMessage(): void {
    const n = this.calls.read(this.fd, this.#size);
    if (this.wouldBlock(n, Wait.message)) return;
    if (this.counted('read', n) <= 0) this.close();
    else this.#echo(this.calls.rx, n);
  }

  #echo(data: Buffer, n: number): void {
    const rc = this.calls.send(this.fd, data, n);
    if (this.wouldBlock(rc, Wait.echo)) {
      this.#pending ??= Buffer.from(data.subarray(0, n));
      return;
    }
    this.#pending = null;
    if (this.counted('write', rc) < 0) this.close();
    else this.#readEnd();
  }

  #readEnd(): void {
    const n = this.calls.read(this.fd, this.#size);
    if (this.wouldBlock(n, Wait.end)) return;
    this.counted('read', n);
    this.close();
  }
}
