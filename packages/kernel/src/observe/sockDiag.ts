import type { Address, TcpState } from '@socklab/protocol';
import { ErrorCode, SocklabError } from '@socklab/protocol';
import { linux, linuxTcpStates } from '../libc/constants.ts';
import { describeErrno, errnoCode } from '../libc/errno.ts';
import { errno, libc } from '../libc/libc.ts';
import { addressAt, addressBytes, checkEnds, checkPort, type DiagSocket, peerAt, toDiagSocket } from './diagSocket.ts';
import type { SegmentCounts } from './observation.ts';
import { decodeTcpInfo } from './tcpInfo.ts';

// include/uapi/linux/{netlink,sock_diag,inet_diag}.h
const nl = {
  AF_NETLINK: 16,
  SOCK_RAW: 3,
  NETLINK_SOCK_DIAG: 4,
  SOCK_DIAG_BY_FAMILY: 20,
  NLMSG_ERROR: 2,
  NLMSG_DONE: 3,
  NLM_F_REQUEST: 0x1,
  NLM_F_DUMP: 0x300,
  // asm-generic/socket.h (x86-64, arm64): the 64-bit `struct timeval` form.
  SO_RCVTIMEO: 20,
  INET_DIAG_REQ_BYTECODE: 1,
  INET_DIAG_BC_JMP: 1,
  INET_DIAG_BC_S_EQ: 11,
  INET_DIAG_BC_D_EQ: 12,
  INET_DIAG_NOCOOKIE: 0xffffffff,
  /** The reply attribute holding `struct tcp_info`; asked for with idiag_ext bit `1 << (INET_DIAG_INFO - 1)`. */
  INET_DIAG_INFO: 2,
  rtattrSize: 4,
  /** Every state bit, including TCPF_NEW_SYN_RECV and TCPF_BOUND_INACTIVE. */
  allStates: 0xffffffff,
  nlmsghdrSize: 16,
  /** struct inet_diag_req_v2: family, protocol, ext, pad, states, inet_diag_sockid (48). */
  reqSize: 56,
  /** struct inet_diag_msg: family, state, timer, retrans, inet_diag_sockid (48), 5 × u32. */
  msgSize: 72,
} as const;

// The kernel answers on the same call (a dump continues from inside recvmsg),
// so a read never waits; the timeout only bounds a kernel that stays silent.
const recvTimeoutSeconds = 1;
// Netlink dump datagrams are at most 32 KiB (net/netlink/af_netlink.c); a
// larger buffer never truncates one.
const recvBufferSize = 64 * 1024;
// Each read returns at least one datagram, and even a 100 000-socket table is
// a few hundred of them: past this the reply is malformed, not long.
const maxReads = 1 << 16;

const align4 = (n: number) => (n + 3) & ~3;

/**
 * The kernel's TCP socket table through netlink sock_diag, as `ss` reads it:
 * an exact lookup by 4-tuple (~10 µs, one hash lookup in the kernel) or a
 * dump filtered by port (a walk of the whole table: milliseconds).
 * Every call is one synchronous request and its replies. A failing query
 * throws a `SocklabError` (`SOCKLAB_ERR_INTERNAL`) naming the errno.
 *
 * @example
 * const opened = SockDiag.open();
 * if (opened.diag) {
 *   opened.diag.byPort(4000);      // [{ state: 'LISTEN', sendQ: 5, … }]
 *   opened.diag.lookup(
 *     { family: 'inet', host: '127.0.0.1', port: 4000 },
 *     { family: 'inet', host: '127.0.0.1', port: 51234 },
 *   );                             // { state: 'ESTABLISHED', inode: 0, … } before accept()
 *   opened.diag.close();
 * }
 */
export class SockDiag {
  readonly #fd: number;
  // Never read past what recv() wrote into it: it need not be zeroed.
  readonly #rx = Buffer.allocUnsafeSlow(recvBufferSize);
  readonly #tx = Buffer.alloc(nl.nlmsghdrSize + nl.reqSize + 4 + 20);
  #seq = 0;
  #closed = false;

  private constructor(fd: number) {
    this.#fd = fd;
  }

  /**
   * Opens a NETLINK_SOCK_DIAG socket and checks that the kernel answers TCP
   * queries (the `tcp_diag` module may be missing). Never throws: when sock_diag
   * cannot be used, says why.
   *
   * @example
   * const opened = SockDiag.open();
   * opened.diag ?? opened.reason; // e.g. 'socket(AF_NETLINK, …) failed: EAFNOSUPPORT (…)'
   */
  static open(): { diag: SockDiag } | { diag: null; reason: string } {
    if (process.platform !== 'linux') return { diag: null, reason: `sock_diag is Linux only, not ${process.platform}` };
    let fd = -1;
    try {
      const c = libc();
      fd = c.socket(nl.AF_NETLINK, nl.SOCK_RAW | linux.SOCK_CLOEXEC, nl.NETLINK_SOCK_DIAG);
      if (fd < 0) {
        return { diag: null, reason: `socket(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG) failed: ${errnoText(errno())}` };
      }
      const timeout = Buffer.alloc(16);
      timeout.writeBigInt64LE(BigInt(recvTimeoutSeconds), 0);
      if (c.setsockopt(fd, linux.SOL_SOCKET, nl.SO_RCVTIMEO, timeout, timeout.length) < 0) {
        const reason = `setsockopt(SO_RCVTIMEO) on the netlink socket failed: ${errnoText(errno())}`;
        c.close(fd);
        return { diag: null, reason };
      }
      const diag = new SockDiag(fd);
      // A dump for no states walks nothing but still needs the TCP handler.
      const code = diag.#exchange('inet', nl.NLM_F_DUMP, 0, null, null, () => {});
      if (code !== 0) {
        diag.close();
        return { diag: null, reason: `the kernel refused a sock_diag TCP query: ${errnoText(code)}` };
      }
      return { diag };
    } catch (err) {
      if (fd >= 0) libc().close(fd);
      return { diag: null, reason: err instanceof Error ? err.message : String(err) };
    }
  }

  /**
   * The one connection with exactly these ends, or null. Finds sockets no
   * process holds (inode 0): a child in an accept queue, an orphan, TIME_WAIT.
   * Also finds a listener bound to `local` when `remote` is the any-address, port 0.
   */
  lookup(local: Address, remote: Address): DiagSocket | null {
    checkEnds(local, remote);
    this.#assertOpen();
    let found: DiagSocket | null = null;
    const code = this.#exchange(local.family, 0, nl.allStates, { local, remote }, null, (buf, at) => {
      // inet_diag_find_one_icsk() falls back to a listener on the local port when
      // no connection matches (inet_lookup()): only the exact 4-tuple counts.
      const id = nl.nlmsghdrSize + 8;
      if (buf.compare(this.#tx, id, id + 36, at + 4, at + 40) === 0) found = parseDiagMsg(buf, at);
    });
    if (code === errnoCode('ENOENT')) return null;
    if (code !== 0) throw failure(`lookup of ${show(local)} ↔ ${show(remote)}`, code);
    return found;
  }

  /**
   * The state and segment counters (tcp_info's segs_out and segs_in, through
   * INET_DIAG_INFO) of the connection with exactly these ends, for an end no
   * fd holds: an orphan in FIN_WAIT_1, FIN_WAIT_2, CLOSING or LAST_ACK, a
   * child still in an accept queue. `segments` is null where the kernel sends
   * no tcp_info (a TIME_WAIT or SYN_RECEIVED minisocket); the whole answer is
   * null when the kernel holds no such connection.
   *
   * @example
   * diag.segmentCounts(local, remote); // { state: 'FIN_WAIT_1', segments: { segsOut: 4, segsIn: 3 } } after close()
   */
  segmentCounts(local: Address, remote: Address): { state: TcpState; segments: SegmentCounts | null } | null {
    checkEnds(local, remote);
    this.#assertOpen();
    let found: { state: TcpState; segments: SegmentCounts | null } | null = null;
    const ext = 1 << (nl.INET_DIAG_INFO - 1);
    const code = this.#exchange(
      local.family,
      0,
      nl.allStates,
      { local, remote },
      null,
      (buf, at, end) => {
        const id = nl.nlmsghdrSize + 8;
        if (buf.compare(this.#tx, id, id + 36, at + 4, at + 40) !== 0) return;
        const { state } = parseDiagMsg(buf, at);
        const info = attribute(buf, at + nl.msgSize, end, nl.INET_DIAG_INFO);
        const tcp = info ? decodeTcpInfo(info) : null;
        found = { state, segments: tcp ? { segsOut: tcp.segsOut, segsIn: tcp.segsIn } : null };
      },
      ext,
    );
    if (code === errnoCode('ENOENT')) return null;
    if (code !== 0) throw failure(`lookup of ${show(local)} ↔ ${show(remote)}`, code);
    return found;
  }

  /**
   * Every TCP socket whose local or remote port is `port`, in every state,
   * bound-only sockets included (reported as CLOSED). Filtered in the kernel
   * (INET_DIAG_REQ_BYTECODE), but still a walk of the whole table per family.
   */
  byPort(port: number, family?: 'inet' | 'inet6'): DiagSocket[] {
    checkPort(port);
    this.#assertOpen();
    const out: DiagSocket[] = [];
    for (const f of family ? [family] : (['inet', 'inet6'] as const)) {
      const code = this.#exchange(f, nl.NLM_F_DUMP, nl.allStates, null, port, (buf, at) =>
        out.push(parseDiagMsg(buf, at)),
      );
      if (code !== 0) throw failure(`dump of ${f} port ${port}`, code);
    }
    // The kernel already filtered; checking again keeps the contract should a kernel skip the
    // filter for one of its tables (the bound-only walk is new in 6.5).
    return out.filter((s) => s.local.port === port || s.remote?.port === port);
  }

  /** Every TCP socket of one family or both, in every state. */
  all(family?: 'inet' | 'inet6'): DiagSocket[] {
    this.#assertOpen();
    const out: DiagSocket[] = [];
    for (const f of family ? [family] : (['inet', 'inet6'] as const)) {
      const code = this.#exchange(f, nl.NLM_F_DUMP, nl.allStates, null, null, (buf, at) =>
        out.push(parseDiagMsg(buf, at)),
      );
      if (code !== 0) throw failure(`dump of ${f}`, code);
    }
    return out;
  }

  /** The socket whose file has this inode (from `/proc/<pid>/fd`), or null. */
  byInode(inode: number, family?: 'inet' | 'inet6'): DiagSocket | null {
    if (!Number.isInteger(inode) || inode <= 0) throw new RangeError(`not a socket inode: ${String(inode)}`);
    return this.all(family).find((s) => s.inode === inode) ?? null;
  }

  /**
   * How many TCP sockets of `port` (local or remote, as `byPort`) the kernel
   * holds in each state, and the LISTEN row's queues on that port (`ss`
   * Recv-Q / Send-Q: accept queue, backlog): one dump, only the bytes counted
   * are read, so thousands of rows cost what the kernel's walk costs.
   */
  countByPort(
    port: number,
    family: 'inet' | 'inet6',
  ): { states: Partial<Record<TcpState, number>>; listener: { recvQ: number; sendQ: number } | null } {
    checkPort(port);
    this.#assertOpen();
    const states: Partial<Record<TcpState, number>> = {};
    let listener: { recvQ: number; sendQ: number } | null = null;
    const code = this.#exchange(family, nl.NLM_F_DUMP, nl.allStates, null, port, (buf, at) => {
      const sport = buf.readUInt16BE(at + 4);
      if (sport !== port && buf.readUInt16BE(at + 6) !== port) return;
      const state = linuxTcpStates[buf.readUInt8(at + 1)] as TcpState | undefined;
      if (state === undefined) return;
      states[state] = (states[state] ?? 0) + 1;
      if (state === 'LISTEN' && sport === port)
        listener = { recvQ: buf.readUInt32LE(at + 56), sendQ: buf.readUInt32LE(at + 60) };
    });
    if (code !== 0) throw failure(`dump of ${family} port ${port}`, code);
    return { states, listener };
  }

  /** Closes the netlink socket; later queries throw. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    libc().close(this.#fd);
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('this SockDiag is closed');
  }

  /**
   * Sends one inet_diag_req_v2 and reads its replies. Returns 0, or the errno
   * the kernel answered with (NLMSG_ERROR, or a negative NLMSG_DONE status).
   */
  #exchange(
    family: 'inet' | 'inet6',
    flags: number,
    states: number,
    ends: { local: Address; remote: Address } | null,
    port: number | null,
    each: (buf: Buffer, at: number, end: number) => void,
    ext = 0,
  ): number {
    const c = libc();
    this.#seq = (this.#seq + 1) >>> 0;
    const seq = this.#seq;
    const tx = this.#tx.fill(0);
    const hasFilter = port !== null;
    const len = nl.nlmsghdrSize + nl.reqSize + (hasFilter ? 24 : 0);
    tx.writeUInt32LE(len, 0);
    tx.writeUInt16LE(nl.SOCK_DIAG_BY_FAMILY, 4);
    tx.writeUInt16LE(nl.NLM_F_REQUEST | flags, 6);
    tx.writeUInt32LE(seq, 8);
    const r = nl.nlmsghdrSize;
    tx.writeUInt8(family === 'inet' ? linux.AF_INET : linux.AF_INET6, r);
    tx.writeUInt8(linux.IPPROTO_TCP, r + 1);
    tx.writeUInt8(ext, r + 2);
    tx.writeUInt32LE(states >>> 0, r + 4);
    if (ends) {
      // inet_diag_sockid: src/sport is the local end (inet_diag_find_one_icsk).
      tx.writeUInt16BE(ends.local.port, r + 8);
      tx.writeUInt16BE(ends.remote.port, r + 10);
      tx.set(addressBytes(ends.local), r + 12);
      tx.set(addressBytes(ends.remote), r + 28);
      // Lab sockets are pinned to lo (SO_BINDTODEVICE); the kernel's lookup only
      // matches them when asked on that device, and still matches unpinned ones.
      tx.writeUInt32LE(loopbackIndex(), r + 44);
    }
    tx.writeUInt32LE(nl.INET_DIAG_NOCOOKIE, r + 48);
    tx.writeUInt32LE(nl.INET_DIAG_NOCOOKIE, r + 52);
    if (hasFilter) writePortFilter(tx, r + nl.reqSize, port);

    const sent = Number(c.send(this.#fd, tx, len, 0));
    if (sent < 0) throw failure('send() on the netlink socket', errno());
    if (sent !== len) throw new SocklabError(ErrorCode.internal, `sock_diag: sent ${sent} of ${len} bytes`);

    const dump = (flags & nl.NLM_F_DUMP) !== 0;
    const rx = this.#rx;
    for (let reads = 0; reads < maxReads; reads++) {
      const n = Number(c.read(this.#fd, rx, rx.length));
      if (n < 0) {
        const code = errno();
        if (code === errnoCode('EINTR')) continue;
        throw failure(code === errnoCode('EAGAIN') ? `no reply within ${recvTimeoutSeconds} s` : 'recv()', code);
      }
      for (let off = 0; off + nl.nlmsghdrSize <= n; ) {
        const msgLen = rx.readUInt32LE(off);
        const type = rx.readUInt16LE(off + 4);
        if (msgLen < nl.nlmsghdrSize || off + msgLen > n) {
          throw new SocklabError(ErrorCode.internal, `sock_diag: malformed netlink message (length ${msgLen})`);
        }
        // A reply to an earlier request that timed out: not ours.
        if (rx.readUInt32LE(off + 8) !== seq) {
          off += align4(msgLen);
          continue;
        }
        const body = off + nl.nlmsghdrSize;
        if (type === nl.NLMSG_DONE) return msgLen >= nl.nlmsghdrSize + 4 ? Math.max(0, -rx.readInt32LE(body)) : 0;
        if (type === nl.NLMSG_ERROR) return -rx.readInt32LE(body);
        if (type === nl.SOCK_DIAG_BY_FAMILY && msgLen >= nl.nlmsghdrSize + nl.msgSize) each(rx, body, off + msgLen);
        off += align4(msgLen);
        // An exact lookup is answered by a single message, without NLMSG_DONE.
        if (!dump && type === nl.SOCK_DIAG_BY_FAMILY) return 0;
      }
    }
    throw new SocklabError(ErrorCode.internal, `sock_diag: no end of reply after ${maxReads} reads`);
  }
}

/** The payload of the first rtattr of `type` between `at` and `end` (include/uapi/linux/rtnetlink.h), or null. */
function attribute(buf: Buffer, at: number, end: number, type: number): Buffer | null {
  for (let off = at; off + nl.rtattrSize <= end; ) {
    const len = buf.readUInt16LE(off);
    if (len < nl.rtattrSize || off + len > end) return null;
    if (buf.readUInt16LE(off + 2) === type) return buf.subarray(off + nl.rtattrSize, off + len);
    off += align4(len);
  }
  return null;
}

/** Decodes one `struct inet_diag_msg` at `at`. */
function parseDiagMsg(buf: Buffer, at: number): DiagSocket {
  const family = buf.readUInt8(at) === linux.AF_INET6 ? 'inet6' : 'inet';
  return toDiagSocket({
    family,
    state: buf.readUInt8(at + 1),
    timer: buf.readUInt8(at + 2),
    retrans: buf.readUInt8(at + 3),
    local: addressAt(family, buf, at + 8, buf.readUInt16BE(at + 4)),
    remote: peerAt(family, buf, at + 24, buf.readUInt16BE(at + 6)),
    expiresMs: buf.readUInt32LE(at + 52),
    recvQ: buf.readUInt32LE(at + 56),
    sendQ: buf.readUInt32LE(at + 60),
    uid: buf.readUInt32LE(at + 64),
    inode: buf.readUInt32LE(at + 68),
  });
}

/**
 * Appends an INET_DIAG_REQ_BYTECODE attribute meaning `sport == port || dport == port`.
 * Each op is { code, yes, no }: the kernel jumps `yes` bytes when the test holds,
 * else `no`; landing exactly on the end accepts, 4 bytes past it rejects.
 * inet_diag_bc_audit() follows the `yes` chain, so every op must be on it: hence the JMP.
 */
function writePortFilter(buf: Buffer, at: number, port: number): void {
  buf.writeUInt16LE(24, at); // nla_len: header + 20 bytes of ops
  buf.writeUInt16LE(nl.INET_DIAG_REQ_BYTECODE, at + 2);
  const op = (o: number, code: number, yes: number, no: number) => {
    buf.writeUInt8(code, at + 4 + o);
    buf.writeUInt8(yes, at + 4 + o + 1);
    buf.writeUInt16LE(no, at + 4 + o + 2);
  };
  op(0, nl.INET_DIAG_BC_S_EQ, 8, 12); // sport == port → 8 (JMP), else → 12 (dport test)
  op(4, 0, 0, port); // the port operand lives in the `no` field of the next op
  op(8, nl.INET_DIAG_BC_JMP, 4, 12); // always takes `no` → 20: accept
  op(12, nl.INET_DIAG_BC_D_EQ, 8, 12); // dport == port → 20: accept, else → 24: reject
  op(16, 0, 0, port);
}

function errnoText(code: number): string {
  const e = describeErrno(code);
  return `${e.name} (${e.message})`;
}

function failure(what: string, code: number): SocklabError {
  return new SocklabError(ErrorCode.internal, `sock_diag: ${what} failed: ${errnoText(code)}`);
}

function show(a: Address): string {
  return a.family === 'inet' ? `${a.host}:${a.port}` : `[${a.host}]:${a.port}`;
}

let lo: number | undefined;
// The loopback interface's index (1 on Linux, asked rather than assumed).
function loopbackIndex(): number {
  if (lo === undefined) lo = Number(libc().ifNameToIndex('lo'));
  return lo;
}
