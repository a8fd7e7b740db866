import type { Address, Family, SocketOption } from '@socklab/protocol';
import { ErrorCode, SocklabError } from '@socklab/protocol';
import { checkLabAddress } from './addressPolicy.ts';
import {
  type CallOutcome,
  type CallResult,
  checkBacklog,
  checkReadSize,
  checkRoom,
  checkWriteSize,
  defaultLimits,
  type LabCall,
  type LabLimits,
  type LabSocket,
  type OnBlock,
  type PreparedCall,
} from './calls.ts';
import { linux } from './libc/constants.ts';
import { describeErrno, errnoCode } from './libc/errno.ts';
import { errno, libc } from './libc/libc.ts';
import { pollNow } from './libc/pollNow.ts';
import { decodeSockaddr, encodeSockaddr } from './libc/sockaddr.ts';
import type { NetNamespace } from './netns.ts';
import { closedObservation, type Observation, observeFd, socketAddress, socketInode } from './observe/observation.ts';
import { prepareCall } from './prepare.ts';
import { type Reactor, type Readiness, sharedReactor } from './reactor.ts';

export type { CallOutcome, CallResult, LabCall, LabLimits, LabSocket, OnBlock, PreparedCall } from './calls.ts';
export type { Observation } from './observe/observation.ts';

/**
 * A count of sockets shared beyond one lab (SECURITY.md #12: a server-wide
 * cap under the fd limit). `take()` is called before a socket is created and
 * throws a `SocklabError` (SOCKLAB_ERR_LIMIT) when none is left; `give()`
 * once for each taken socket that was closed or never made.
 *
 * @example
 * let left = 2;
 * const budget: SocketBudget = {
 *   take: () => { if (left-- <= 0) { left++; throw new SocklabError(ErrorCode.limit, 'no sockets left'); } },
 *   give: () => { left++; },
 * };
 * const lab = new Lab({ budget });
 */
export type SocketBudget = { take(): void; give(): void };

/**
 * One session's real sockets. Every call is one libc call on a non-blocking
 * fd; a call that would block in C waits on the reactor and is retried, so the
 * Node event loop never blocks. Kernel failures are data (`errno` on the
 * result); misuse (unknown or closed socket, refused address, limits) throws
 * a `SocklabError` before any syscall.
 *
 * @example
 * const lab = new Lab();
 * const s = lab.socket('inet');                 // { ret: 5, created: 'sock-1', … }
 * lab.bind(s.created!, { host: '127.0.0.1', port: 0 });
 * lab.listen(s.created!, 5);
 * lab.observe(s.created!).tcp;                  // 'LISTEN'
 * lab.closeAll();
 */
export class Lab {
  readonly #sockets = new Map<string, LabSocket>();
  // The same sockets in creation order (none is ever removed).
  readonly #list: LabSocket[] = [];
  // A socket's inode is fixed for the life of its fd: read once per socket, not on every observation.
  readonly #inodes = new Map<string, number | null>();
  readonly #reactor: Reactor;
  readonly #limits: LabLimits;
  readonly #netns: NetNamespace | null;
  readonly #budget: SocketBudget | null;
  #nextId = 1;
  #closed = false;
  // Open sockets, counted as they open and close: assertRoom() runs before every socket() and accept().
  #open = 0;
  // What closeAll() must tell each bulk run holding lent sockets (lend()).
  readonly #lent = new Set<{ abandon(): void; release(): void }>();

  /**
   * `netns`: make every socket inside this namespace (its own lo, ports and
   * table). `budget`: a count shared with other labs, taken for each socket.
   */
  constructor(
    options: {
      reactor?: Reactor;
      limits?: Partial<LabLimits>;
      netns?: NetNamespace | null;
      budget?: SocketBudget | null;
    } = {},
  ) {
    this.#reactor = options.reactor ?? sharedReactor();
    this.#limits = { ...defaultLimits, ...options.limits };
    this.#netns = options.netns ?? null;
    this.#budget = options.budget ?? null;
  }

  /** The namespace the lab's sockets live in, or null for the host's network. */
  get netns(): NetNamespace | null {
    return this.#netns;
  }

  /** Runs `make` where the lab's sockets live: inside its namespace, if it has one. */
  within<T>(make: () => T): T {
    return this.#netns ? this.#netns.enter(make) : make();
  }

  /**
   * A loopback port no socket of the lab's network holds right now, as the
   * kernel picks it for bind() to port 0 (a probe socket, closed at once).
   */
  freePort(): number {
    const c = libc();
    const fd = this.within(() => c.socket(linux.AF_INET, linux.SOCK_STREAM | linux.SOCK_CLOEXEC, 0));
    if (fd < 0) throw new SocklabError(ErrorCode.internal, 'cannot create a socket to find a free port');
    try {
      const addr = encodeSockaddr({ family: 'inet', host: '127.0.0.1', port: 0 });
      if (c.bind(fd, addr, addr.length) < 0) throw new SocklabError(ErrorCode.internal, 'the kernel gave no free port');
      const port = observeFd(fd).local?.port;
      if (!port) throw new SocklabError(ErrorCode.internal, 'the kernel gave no free port');
      return port;
    } finally {
      c.close(fd);
    }
  }

  /** Every socket this lab created, open or closed. */
  sockets(): LabSocket[] {
    return this.#list.map((s) => ({ ...s }));
  }

  /**
   * Every socket this lab created, in creation order, as a live read-only
   * view (a socket's `closed` turns true in place): what a caller that reads
   * them after every call uses instead of `sockets()`, which copies them all.
   */
  socketsNow(): readonly Readonly<LabSocket>[] {
    return this.#list;
  }

  /** The socket with this id; throws if the lab never created it. */
  get(id: string): LabSocket {
    const sock = this.#sockets.get(id);
    if (!sock) throw new SocklabError(ErrorCode.noSuchSocket, `no socket ${JSON.stringify(id)} in this session`);
    return { ...sock };
  }

  /**
   * The open socket with this id; throws `SOCKLAB_ERR_CLOSED_SOCKET` if it was
   * closed (its number may belong to another file now) or NO_SUCH_SOCKET.
   */
  open(id: string): LabSocket {
    return { ...this.#live(id) };
  }

  /**
   * Checks a call and says exactly what the kernel will get, before anything
   * reaches it (`prepareCall`): a refused call has no half.
   *
   * @example
   * const call = lab.prepare({ syscall: 'bind', socket: 'sock-1', host: '127.0.0.1', port: 4000 });
   * call.args;              // { syscall: 'bind', fd: 3, address: {…}, addrlen: 16 }
   * await call.run();       // { ret: 0, errno: null, … }
   */
  prepare(call: LabCall): PreparedCall {
    this.#assertOpen();
    return prepareCall(this, call);
  }

  /** The limits this lab enforces. */
  get limits(): LabLimits {
    return this.#limits;
  }

  /** Throws SOCKLAB_ERR_LIMIT when the lab already holds its most open sockets. */
  assertRoom(): void {
    checkRoom(this.#open, this.#limits);
  }

  /** `socket(AF_INET|AF_INET6, SOCK_STREAM, 0)`, always non-blocking and close-on-exec. */
  socket(family: Family = 'inet', options: { nonblocking?: boolean } = {}): CallOutcome {
    this.#assertOpen();
    this.assertRoom();
    this.#budget?.take();
    const domain = family === 'inet' ? 'AF_INET' : 'AF_INET6';
    const impl = `socket(${domain}, SOCK_STREAM|SOCK_NONBLOCK|SOCK_CLOEXEC, 0)`;
    const result = this.#sync(impl, () =>
      this.within(() => libc().socket(linux[domain], linux.SOCK_STREAM | linux.SOCK_NONBLOCK | linux.SOCK_CLOEXEC, 0)),
    );
    if (result.ret < 0) {
      this.#budget?.give();
      return result;
    }
    // SECURITY.md #4: pin every lab socket to the loopback device, so that even
    // the kernel's own choices (listen() without bind() auto-binds 0.0.0.0)
    // cannot be reached from another machine.
    const lo = Buffer.from('lo\0');
    const pinned = libc().setsockopt(result.ret, linux.SOL_SOCKET, linux.SO_BINDTODEVICE, lo, lo.length) === 0;
    if (!pinned) {
      libc().close(result.ret);
      this.#budget?.give();
      throw new SocklabError(ErrorCode.unsupported, 'cannot pin the socket to the loopback device (SO_BINDTODEVICE)');
    }
    const id = `sock-${this.#nextId++}`;
    this.#add({ id, fd: result.ret, family, closed: false, nonblocking: options.nonblocking ?? false });
    this.#open++;
    return { ...result, impl: `${impl}; setsockopt(${result.ret}, SOL_SOCKET, SO_BINDTODEVICE, "lo")`, created: id };
  }

  /**
   * `fcntl(fd, F_SETFL, flags | O_NONBLOCK)`, as a C program makes a socket
   * non-blocking: both calls are made for real (the fd is non-blocking
   * underneath already), and from now on calls on it no longer wait.
   */
  fcntlNonblocking(id: string): CallResult {
    const sock = this.#live(id);
    const result = this.#sync(`fcntl(${sock.fd}, F_SETFL, flags | O_NONBLOCK)`, () => {
      const flags = libc().fcntl(sock.fd, linux.F_GETFL, 0);
      return flags < 0 ? flags : libc().fcntl(sock.fd, linux.F_SETFL, flags | linux.O_NONBLOCK);
    });
    if (result.ret === 0) sock.nonblocking = true;
    return result;
  }

  /** `getsockopt(fd, SOL_SOCKET, SO_ERROR)`: the pending error (what a non-blocking connect ended with); it also clears it. */
  getsockoptError(id: string): CallOutcome {
    const sock = this.#live(id);
    const buf = Buffer.alloc(4);
    const len = [4];
    const result = this.#sync(`getsockopt(${sock.fd}, SOL_SOCKET, SO_ERROR, &err, &len)`, () =>
      libc().getsockopt(sock.fd, linux.SOL_SOCKET, linux.SO_ERROR, buf, len),
    );
    if (result.ret !== 0) return result;
    const code = buf.readInt32LE(0);
    return { ...result, soError: code === 0 ? null : describeErrno(code) };
  }

  /** `setsockopt()` for the options lessons use; SO_LINGER takes the linger seconds (onoff = 1). */
  setsockopt(id: string, option: SocketOption, value: number): CallResult {
    const sock = this.#live(id);
    const [level, name, levelName] =
      option === 'TCP_NODELAY'
        ? [linux.IPPROTO_TCP, linux.TCP_NODELAY, 'IPPROTO_TCP']
        : [linux.SOL_SOCKET, linux[option], 'SOL_SOCKET'];
    const buf = option === 'SO_LINGER' ? Buffer.alloc(8) : Buffer.alloc(4);
    if (option === 'SO_LINGER') {
      buf.writeInt32LE(1, 0);
      buf.writeInt32LE(value, 4);
    } else {
      buf.writeInt32LE(value, 0);
    }
    const shown = option === 'SO_LINGER' ? `{1, ${value}}` : String(value);
    return this.#sync(`setsockopt(${sock.fd}, ${levelName}, ${option}, ${shown})`, () =>
      libc().setsockopt(sock.fd, level, name, buf, buf.length),
    );
  }

  /** `bind()` to a loopback address (checked before the call). */
  bind(id: string, to: { host: string; port: number }): CallResult {
    const sock = this.#live(id);
    const address = checkLabAddress(to.host, to.port, 'bind', this.#limits.ports);
    const addr = encodeSockaddr(address);
    return this.#sync(`bind(${sock.fd}, ${show(address)}, ${addr.length})`, () =>
      libc().bind(sock.fd, addr, addr.length),
    );
  }

  /** `listen()`. */
  listen(id: string, backlog: number): CallResult {
    const sock = this.#live(id);
    checkBacklog(backlog);
    return this.#sync(`listen(${sock.fd}, ${backlog})`, () => libc().listen(sock.fd, backlog));
  }

  /** `accept()`: blocks (on the reactor) while the accept queue is empty. */
  async accept(id: string, onBlock?: OnBlock): Promise<CallOutcome> {
    const sock = this.#live(id);
    this.assertRoom();
    // Taken before the call: a blocked accept() may get its fd at any moment.
    this.#budget?.take();
    const addr = Buffer.alloc(linux.sockaddrStorageSize);
    const len = [addr.length];
    const impl = `accept4(${sock.fd}, &addr, &addrlen, SOCK_NONBLOCK|SOCK_CLOEXEC)`;
    let result: CallResult;
    try {
      result = await this.#blocking(sock, impl, 'readable', onBlock, () => {
        len[0] = addr.length;
        return libc().accept4(sock.fd, addr, len, linux.SOCK_NONBLOCK | linux.SOCK_CLOEXEC);
      });
    } catch (err) {
      this.#budget?.give();
      throw err;
    }
    if (result.ret < 0) {
      this.#budget?.give();
      return result;
    }
    const newId = `sock-${this.#nextId++}`;
    // man 2 accept4: without SOCK_NONBLOCK in C the new socket is blocking, whatever the listener's flags.
    this.#add({ id: newId, fd: result.ret, family: sock.family, closed: false, nonblocking: false });
    this.#open++;
    const address = decodeSockaddr(addr, len[0] ?? 0);
    return address ? { ...result, created: newId, address } : { ...result, created: newId };
  }

  /**
   * `connect()` to a loopback address: EINPROGRESS waits for writability and
   * then reads SO_ERROR, which is what a blocking connect() returns.
   */
  async connect(id: string, to: { host: string; port: number }, onBlock?: OnBlock): Promise<CallResult> {
    const sock = this.#live(id);
    const address = checkLabAddress(to.host, to.port, 'connect', this.#limits.ports);
    const addr = encodeSockaddr(address);
    const impl = `connect(${sock.fd}, ${show(address)}, ${addr.length})`;
    const start = performance.now();
    const rc = libc().connect(sock.fd, addr, addr.length);
    const code = rc < 0 ? errno() : 0;
    if (code !== errnoCode('EINPROGRESS') || sock.nonblocking) return this.#result(impl, rc, code, false, start);
    onBlock?.('writable', 'EINPROGRESS');
    const connected = this.#reactor.wait(sock.fd, 'writable');
    // On loopback the handshake is done by the time connect() returns EINPROGRESS (the SYN-ACK
    // waited in the socket's backlog until its lock was released): no round trip through epoll.
    this.#reactor.fireIfReady(sock.fd);
    await connected;
    // man 2 connect: after EINPROGRESS, SO_ERROR tells whether it succeeded.
    const soError = this.#soError(sock.fd);
    if (soError !== 0) return this.#result(`${impl}; getsockopt(SO_ERROR)`, -1, soError, true, start);
    // A second connect() returns 0 and marks the socket connected, as a
    // blocking connect() leaves it (a third would say EISCONN).
    const again = libc().connect(sock.fd, addr, addr.length);
    const againCode = again < 0 ? errno() : 0;
    const done = again === 0 || againCode === errnoCode('EISCONN');
    return this.#result(
      `${impl}; getsockopt(SO_ERROR); connect() again`,
      done ? 0 : -1,
      done ? 0 : againCode,
      true,
      start,
    );
  }

  /** `read()` of at most `size` bytes: blocks while nothing has arrived. */
  async read(id: string, size: number, onBlock?: OnBlock): Promise<CallOutcome> {
    const sock = this.#live(id);
    checkReadSize(size, this.#limits);
    const buf = Buffer.alloc(size);
    const result = await this.#blocking(sock, `read(${sock.fd}, buf, ${size})`, 'readable', onBlock, () =>
      Number(libc().read(sock.fd, buf, size)),
    );
    return result.ret >= 0 ? { ...result, data: buf.subarray(0, result.ret) } : result;
  }

  /** `write()` as `send(…, MSG_NOSIGNAL)`, so a reset peer gives EPIPE instead of killing the process. */
  async write(id: string, data: Uint8Array, onBlock?: OnBlock): Promise<CallResult> {
    const sock = this.#live(id);
    checkWriteSize(data.length, this.#limits);
    const buf = Buffer.from(data);
    return this.#blocking(sock, `send(${sock.fd}, buf, ${buf.length}, MSG_NOSIGNAL)`, 'writable', onBlock, () =>
      Number(libc().send(sock.fd, buf, buf.length, linux.MSG_NOSIGNAL)),
    );
  }

  /** `shutdown()`. */
  shutdown(id: string, how: 'SHUT_RD' | 'SHUT_WR' | 'SHUT_RDWR'): CallResult {
    const sock = this.#live(id);
    return this.#sync(`shutdown(${sock.fd}, ${how})`, () => libc().shutdown(sock.fd, linux[how]));
  }

  /** `close()`: abandons a call blocked on it, then closes the fd; the id stays closed forever. */
  close(id: string): CallResult {
    const sock = this.#live(id);
    this.#reactor.cancel(sock.fd);
    const result = this.#sync(`close(${sock.fd})`, () => libc().close(sock.fd));
    // man 2 close: the fd is released even when close() reports an error.
    this.#mark(id);
    return result;
  }

  /** `getsockname()`: the local address (after bind, or the one the kernel picked). */
  getsockname(id: string): CallOutcome {
    return this.#name(id, 'getsockname');
  }

  /** `getpeername()`: the connected peer, or ENOTCONN. */
  getpeername(id: string): CallOutcome {
    return this.#name(id, 'getpeername');
  }

  /** The kernel's view of a socket right now (`observeFd`); only its fd once closed. */
  observe(id: string): Observation {
    const sock = this.get(id);
    if (sock.closed) return closedObservation(sock.fd);
    let inode = this.#inodes.get(id);
    if (inode === undefined) {
      inode = socketInode(sock.fd);
      if (inode !== null) this.#inodes.set(id, inode);
    }
    return observeFd(sock.fd, inode);
  }

  /** The local address of an open socket now (getsockname(2), not shown as a call), or null: closed, unbound. */
  localAddress(id: string): Address | null {
    const sock = this.get(id);
    return sock.closed ? null : socketAddress(sock.fd, 'getsockname');
  }

  /**
   * Whether a call waiting for `want` on this socket could proceed right now
   * (poll(2) with a zero timeout). Lets a caller order the completion of a
   * blocked call deterministically after the call that unblocked it.
   */
  readyNow(id: string, want: Readiness): boolean {
    const sock = this.get(id);
    if (sock.closed) return false;
    return pollNow(sock.fd, want === 'readable' ? linux.POLLIN : linux.POLLOUT) > 0;
  }

  /**
   * Lets a call blocked on this socket go on now if the socket is ready
   * (another call made it so), rather than when the reactor's worker says so.
   * Returns whether it did.
   */
  nudge(id: string): boolean {
    const sock = this.get(id);
    return !sock.closed && this.#reactor.fireIfReady(sock.fd);
  }

  /**
   * Lends a bulk run that makes its own libc calls inside the lab (the `load`
   * lesson's driver, `within()` for each socket() and each pinned to lo)
   * `count` of the lab's sockets at once: they count against its limit and
   * budget until `release()`. Throws `SOCKLAB_ERR_LIMIT` before any syscall
   * when they do not fit; nothing is taken then. `closeAll()` calls `abandon`
   * first, which must close every fd the run still holds, then releases.
   *
   * @example
   * const loan = lab.lend(2000, () => closeMyFds());
   * // … socket(), accept4(), close() by the run itself …
   * loan.release();
   */
  lend(count: number, abandon: () => void): { release(): void } {
    this.#assertOpen();
    if (this.#open + count > this.#limits.maxSockets) checkRoom(this.#limits.maxSockets, this.#limits);
    let taken = 0;
    try {
      for (; taken < count; taken++) this.#budget?.take();
    } catch (err) {
      for (; taken > 0; taken--) this.#budget?.give();
      throw err;
    }
    this.#open += count;
    let released = false;
    const loan = {
      abandon,
      release: () => {
        if (released) return;
        released = true;
        this.#lent.delete(loan);
        this.#open -= count;
        for (let i = 0; i < count; i++) this.#budget?.give();
      },
    };
    this.#lent.add(loan);
    return { release: loan.release };
  }

  /** Closes every open socket (abandoning blocked calls); the lab cannot be used again. */
  closeAll(): void {
    for (const loan of [...this.#lent]) {
      loan.abandon();
      loan.release();
    }
    for (const sock of this.#sockets.values()) {
      if (sock.closed) continue;
      this.#reactor.cancel(sock.fd);
      libc().close(sock.fd);
      sock.closed = true;
      this.#open--;
      this.#budget?.give();
    }
    this.#closed = true;
  }

  #add(sock: LabSocket): void {
    this.#sockets.set(sock.id, sock);
    this.#list.push(sock);
  }

  #assertOpen(): void {
    if (this.#closed) throw new SocklabError(ErrorCode.cancelled, 'this session has ended');
  }

  #live(id: string): LabSocket {
    this.#assertOpen();
    const sock = this.#sockets.get(id);
    if (!sock) throw new SocklabError(ErrorCode.noSuchSocket, `no socket ${JSON.stringify(id)} in this session`);
    if (sock.closed) {
      throw new SocklabError(
        ErrorCode.closedSocket,
        `${id} (fd ${sock.fd}) was already closed; in C its number may now belong to another file (use after close)`,
      );
    }
    return sock;
  }

  #mark(id: string): void {
    const sock = this.#sockets.get(id);
    if (sock && !sock.closed) {
      sock.closed = true;
      this.#open--;
      this.#budget?.give();
    }
  }

  #sync(impl: string, call: () => number): CallResult {
    const start = performance.now();
    const rc = call();
    return this.#result(impl, rc, rc < 0 ? errno() : 0, false, start);
  }

  async #blocking(
    sock: LabSocket,
    impl: string,
    want: Readiness,
    onBlock: OnBlock | undefined,
    call: () => number,
  ): Promise<CallResult> {
    const start = performance.now();
    let blocked = false;
    for (;;) {
      const rc = call();
      const code = rc < 0 ? errno() : 0;
      if (rc >= 0 || code !== errnoCode('EAGAIN') || sock.nonblocking)
        return this.#result(impl, rc, code, blocked, start);
      if (!blocked) onBlock?.(want, 'EAGAIN');
      blocked = true;
      await this.#reactor.wait(sock.fd, want);
      if (sock.closed) throw new SocklabError(ErrorCode.cancelled, `fd ${sock.fd} was closed while blocked`);
    }
  }

  #result(impl: string, rc: number, code: number, blocked: boolean, start: number): CallResult {
    return {
      ret: rc < 0 ? -1 : rc,
      errno: rc < 0 ? describeErrno(code) : null,
      impl,
      blocked,
      durationMs: performance.now() - start,
    };
  }

  #soError(fd: number): number {
    const buf = Buffer.alloc(4);
    const len = [4];
    if (libc().getsockopt(fd, linux.SOL_SOCKET, linux.SO_ERROR, buf, len) < 0) return errno();
    return buf.readInt32LE(0);
  }

  #name(id: string, which: 'getsockname' | 'getpeername'): CallOutcome {
    const sock = this.#live(id);
    const buf = Buffer.alloc(linux.sockaddrStorageSize);
    const len = [buf.length];
    const result = this.#sync(`${which}(${sock.fd}, &addr, &addrlen)`, () => libc()[which](sock.fd, buf, len));
    const address = result.ret === 0 ? decodeSockaddr(buf, len[0] ?? 0) : null;
    return address ? { ...result, address } : result;
  }
}

function show(a: Address): string {
  return a.family === 'inet' ? `{AF_INET, ${a.host}:${a.port}}` : `{AF_INET6, [${a.host}]:${a.port}}`;
}
