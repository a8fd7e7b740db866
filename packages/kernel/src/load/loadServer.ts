import { linux } from '../libc/constants.ts';
import type { EdgeLoop } from './edgeLoop.ts';
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

const inBits = linux.EPOLLIN | linux.EPOLLRDHUP | linux.EPOLLERR | linux.EPOLLHUP;
const outBits = linux.EPOLLOUT | linux.EPOLLERR | linux.EPOLLHUP;

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
      const code = this.#loop.add(fd, token);
      const connection = new LoadConnection(calls, fd, this.#size, this.#on);
      this.#on.accepted(connection, token);
      if (code !== 0) throw new Error(`epoll_ctl(ADD, ${fd}) failed: errno ${code}`);
      connection.start();
    }
  }
}

const Wait = { message: 0, echo: 1, end: 2, done: 3 } as const;

/**
 * One connection of `load_server.c`'s child: read() the message, write() it
 * back, read() the end of file (0: the client closed), close().
 *
 * @example
 * const connection = new LoadConnection(calls, fd, 14, hooks);
 * connection.start();          // read() the message (or EAGAIN)
 * connection.ready(EPOLLIN);   // …write() it back, read() 0, close()
 */
export class LoadConnection {
  readonly #calls: LoadCalls;
  readonly #fd: number;
  readonly #size: number;
  readonly #on: Pick<ServerHooks, 'closed'>;
  #wait: number = Wait.message;
  #blocked = false;
  // The message to echo, kept only while its write() waits (the read buffer is shared).
  #pending: Buffer | null = null;

  constructor(calls: LoadCalls, fd: number, size: number, on: Pick<ServerHooks, 'closed'>) {
    this.#calls = calls;
    this.#fd = fd;
    this.#size = size;
    this.#on = on;
  }

  /** Whether the connection closed its socket. */
  get done(): boolean {
    return this.#wait === Wait.done;
  }

  /** The first read(), right after accept(). */
  start(): void {
    this.#readMessage();
  }

  /** What epoll said about the fd. */
  ready(events: number): void {
    if (this.#wait === Wait.message) {
      if ((events & inBits) !== 0) this.#readMessage();
    } else if (this.#wait === Wait.echo) {
      if ((events & outBits) !== 0 && this.#pending) this.#echo(this.#pending, this.#pending.length);
    } else if (this.#wait === Wait.end) {
      if ((events & inBits) !== 0) this.#readEnd();
    }
  }

  /** Closes the fd without counting it (the run was abandoned). */
  abandon(): void {
    if (this.#wait === Wait.done) return;
    this.#wait = Wait.done;
    this.#calls.close(this.#fd);
  }

  #readMessage(): void {
    const calls = this.#calls;
    const n = calls.read(this.#fd, this.#size);
    if (this.#wouldBlock(n)) return;
    calls.count('server', 'read', n, calls.code, this.#blocked);
    this.#blocked = false;
    if (n <= 0) {
      this.#close();
      return;
    }
    this.#echo(calls.rx, n);
  }

  #echo(data: Buffer, n: number): void {
    const calls = this.#calls;
    const rc = calls.send(this.#fd, data, n);
    if (rc < 0 && calls.code === calls.EAGAIN) {
      this.#pending ??= Buffer.from(data.subarray(0, n));
      this.#wait = Wait.echo;
      this.#blocked = true;
      return;
    }
    this.#pending = null;
    calls.count('server', 'write', rc, calls.code, this.#blocked);
    this.#blocked = false;
    if (rc < 0) {
      this.#close();
      return;
    }
    this.#wait = Wait.end;
    this.#readEnd();
  }

  #readEnd(): void {
    const calls = this.#calls;
    const n = calls.read(this.#fd, this.#size);
    if (this.#wouldBlock(n)) return;
    calls.count('server', 'read', n, calls.code, this.#blocked);
    this.#blocked = false;
    this.#close();
  }

  #wouldBlock(rc: number): boolean {
    if (rc >= 0 || this.#calls.code !== this.#calls.EAGAIN) return false;
    this.#blocked = true;
    return true;
  }

  #close(): void {
    this.#wait = Wait.done;
    const calls = this.#calls;
    calls.count('server', 'close', calls.close(this.#fd), calls.code, false);
    this.#on.closed();
  }
}
