import { close as closeFd } from 'node:fs';
import koffi from 'koffi';
import { linux } from '../libc/constants.ts';
import { describeErrno, errnoCode } from '../libc/errno.ts';
import { errno, libc } from '../libc/libc.ts';
import { packetLinux } from './constants.ts';
import { type DecodedPacket, decodeFrame } from './decode.ts';
import { encodeFilter, maxFilterPorts, tcpPortFilter } from './filter.ts';
import { type RelativeNumbers, SeqTracker } from './relative.ts';

/** A decoded segment with its relative numbers and when `drain()` read it (`performance.now()`). */
export type CapturedPacket = DecodedPacket & RelativeNumbers & { at: number };

/**
 * What the kernel's socket filter keeps: `ports`, the TCP segments to or from
 * a watched port (re-attached whenever the set changes: on a network shared
 * with other programs, the rest never reaches the queue); `tcp`, every TCP
 * segment, for a capture in a network namespace of its own, where every
 * segment is the lab's (the watched ports are then checked as each frame is
 * read, and watching one more port costs no new filter).
 */
export type KernelFilter = 'ports' | 'tcp';

/** What `PacketCapture.open()` says when capture cannot work here. */
export type CaptureUnavailable = { capture: null; reason: string };

/** How many frames the kernel handed to the capture socket since it opened (tpacket_stats). */
export type CaptureStats = {
  /** Frames that passed the socket filter, queued or dropped. */
  packets: number;
  /** Frames dropped because the socket's receive buffer was full. */
  drops: number;
};

/** The reason given when the process lacks CAP_NET_RAW. */
export const captureNeedsCapNetRaw =
  'packet capture needs CAP_NET_RAW: run socklab with sudo, or once: sudo setcap cap_net_raw+ep $(readlink -f $(which node))';

// Large enough for any frame on `lo` (MTU 65536, GSO up to 64 KiB); read once per frame, reused.
const frameBufferSize = 256 * 1024;
// A burst of big segments must not overflow the queue between two drains
// (the kernel doubles it: man 7 socket, SO_RCVBUF).
const receiveBufferBytes = 2 * 1024 * 1024;
// Bounds one drain if another process floods the watched ports.
const maxFramesPerDrain = 10_000;

let bound: ReturnType<typeof bind> | undefined;

function bind() {
  const lib = koffi.load('libc.so.6');
  return {
    recvfrom: lib.func(
      'intptr_t recvfrom(int fd, _Out_ void *buf, size_t len, int flags, _Out_ void *addr, _Inout_ uint32_t *addrlen)',
    ),
    ifNameToIndex: lib.func('unsigned int if_nametoindex(const char *ifname)'),
  };
}

function packetLibc(): ReturnType<typeof bind> {
  bound ??= bind();
  return bound;
}

function htons(n: number): number {
  return ((n & 0xff) << 8) | ((n >> 8) & 0xff);
}

function failure(call: string, code: number): string {
  const e = describeErrno(code);
  return `packet capture is unavailable: ${call} failed with ${e.name} (${e.message})`;
}

let closing = 0;

/** How many packet sockets `close({ inBackground: true })` is closing on the thread pool now: their fds are still open. */
export const packetClosesPending = (): number => closing;

/**
 * Captures the TCP segments on the loopback interface (`lo`) with an
 * AF_PACKET raw socket, keeping those to or from the watched ports. Each
 * frame on `lo` is seen once (the PACKET_OUTGOING copy is dropped) and comes
 * back decoded, with Wireshark-style relative sequence numbers.
 *
 * On `lo`, the segments a syscall causes are normally already queued when it
 * returns: loopback transmit hands each frame to the receive path, which runs
 * in the softirq that the sending task itself runs when it re-enables bottom
 * halves, and the peer's answers (SYN-ACK, ACK, RST) are sent from there too.
 * So `drain()` right after a call returns that call's segments. It is not a
 * guarantee: softirq work deferred to ksoftirqd, or RPS enabled on `lo`, would
 * queue them a little later. Segments sent by timers (delayed ACK, tail loss
 * probe, retransmission, keepalive) come with a later drain, or with an
 * earlier one if the process was slow to drain; wait for `fd` to be readable
 * with the reactor to see them when they happen.
 *
 * A socket filter in the kernel keeps only TCP segments to or from the ports
 * watched when the segment is sent: watch a port before the call that first
 * uses it (the port a socket bound, the port a client connects to).
 *
 * @example
 * const opened = PacketCapture.open();
 * if (opened.capture) {
 *   opened.capture.addPort(4000);
 *   await lab.connect(client, { host: '127.0.0.1', port: 4000 });
 *   opened.capture.drain().map((p) => p.flags.join(',')); // ['SYN', 'SYN,ACK', 'ACK']
 *   opened.capture.close();
 * }
 */
export class PacketCapture {
  readonly #fd: number;
  readonly #ifindex: number;
  readonly #ports = new Set<number>();
  readonly #seq = new SeqTracker();
  // Never read past what recvfrom() wrote into it: it need not be zeroed (256 KiB per lab run).
  readonly #frame = Buffer.allocUnsafeSlow(frameBufferSize);
  readonly #from = Buffer.alloc(packetLinux.sockaddrLlSize);
  readonly #fromLen = [0];
  readonly #stats: CaptureStats = { packets: 0, drops: 0 };
  readonly #kernelFilter: KernelFilter;
  // With the `tcp` filter, attached once: the watched ports do not change it.
  #filtered = false;
  #closed = false;

  private constructor(fd: number, ifindex: number, kernelFilter: KernelFilter) {
    this.#fd = fd;
    this.#ifindex = ifindex;
    this.#kernelFilter = kernelFilter;
  }

  /**
   * Opens the capture socket on `lo`. Never throws: without CAP_NET_RAW, or
   * off Linux, it returns the reason capture is off. `kernelFilter`: what
   * the kernel keeps for it (`ports` unless told).
   *
   * @example
   * const opened = PacketCapture.open();
   * if (!opened.capture) hello.capabilities.capture = { available: false, reason: opened.reason };
   */
  static open(kernelFilter: KernelFilter = 'ports'): { capture: PacketCapture } | CaptureUnavailable {
    if (process.platform !== 'linux') {
      return { capture: null, reason: `packet capture needs Linux (AF_PACKET); this is ${process.platform}` };
    }
    let c: ReturnType<typeof libc>;
    let p: ReturnType<typeof packetLibc>;
    try {
      c = libc();
      p = packetLibc();
    } catch (err) {
      return { capture: null, reason: `packet capture is unavailable: cannot load libc (${String(err)})` };
    }
    const ifindex = p.ifNameToIndex('lo');
    if (ifindex === 0) return { capture: null, reason: failure('if_nametoindex("lo")', errno()) };
    // man 7 packet: with protocol 0 the socket receives nothing until bind()
    // names the protocol, so no frame from another interface is ever queued.
    const fd = c.socket(packetLinux.AF_PACKET, packetLinux.SOCK_RAW | linux.SOCK_NONBLOCK | linux.SOCK_CLOEXEC, 0);
    if (fd < 0) {
      const code = errno();
      if (code === errnoCode('EPERM') || code === errnoCode('EACCES')) {
        return { capture: null, reason: captureNeedsCapNetRaw };
      }
      return { capture: null, reason: failure('socket(AF_PACKET, SOCK_RAW)', code) };
    }
    const capture = new PacketCapture(fd, ifindex, kernelFilter);
    capture.#growReceiveBuffer();
    capture.#applyFilter();
    const sll = Buffer.alloc(packetLinux.sockaddrLlSize);
    sll.writeUInt16LE(packetLinux.AF_PACKET, 0);
    sll.writeUInt16LE(htons(packetLinux.ETH_P_ALL), packetLinux.sllProtocolOffset);
    sll.writeInt32LE(ifindex, packetLinux.sllIfindexOffset);
    if (c.bind(fd, sll, sll.length) < 0) {
      const code = errno();
      c.close(fd);
      return { capture: null, reason: failure('bind(AF_PACKET, lo)', code) };
    }
    return { capture };
  }

  /** The packet socket's fd, to wait for readability (`reactor.wait(fd, 'readable')`); -1 once closed. */
  get fd(): number {
    return this.#closed ? -1 : this.#fd;
  }

  /** The ports watched now, in ascending order. */
  get ports(): number[] {
    return [...this.#ports].sort((a, b) => a - b);
  }

  /** Watches exactly these ports (replacing the set). */
  watchPorts(ports: Iterable<number>): void {
    const next = [...ports];
    for (const port of next) checkPort(port);
    this.#ports.clear();
    for (const port of next) this.#ports.add(port);
    this.#applyFilter();
  }

  /** Keeps segments to or from `port` from now on. */
  addPort(port: number): void {
    checkPort(port);
    if (this.#ports.has(port)) return;
    this.#ports.add(port);
    this.#applyFilter();
  }

  /** Stops keeping segments to or from `port`, including those already queued. */
  removePort(port: number): void {
    checkPort(port);
    if (!this.#ports.delete(port)) return;
    this.#applyFilter();
  }

  /**
   * Reads every frame queued on the packet socket right now, without
   * blocking, and returns the TCP segments to or from a watched port, in the
   * order the kernel queued them. Frames it cannot decode are skipped.
   */
  drain(): CapturedPacket[] {
    if (this.#closed) return [];
    const at = performance.now();
    const out: CapturedPacket[] = [];
    const recvfrom = packetLibc().recvfrom;
    for (let i = 0; i < maxFramesPerDrain; i++) {
      this.#fromLen[0] = this.#from.length;
      const n = Number(
        recvfrom(
          this.#fd,
          this.#frame,
          this.#frame.length,
          packetLinux.MSG_DONTWAIT | packetLinux.MSG_TRUNC,
          this.#from,
          this.#fromLen,
        ),
      );
      if (n < 0) {
        // EAGAIN: the queue is empty. Anything else also ends this drain.
        if (errno() === errnoCode('EINTR')) continue;
        break;
      }
      // The filter already drops the outgoing copy; check again in case it could not be attached.
      if (this.#from.readUInt8(packetLinux.sllPkttypeOffset) === packetLinux.PACKET_OUTGOING) continue;
      if (this.#from.readInt32LE(packetLinux.sllIfindexOffset) !== this.#ifindex) continue;
      const packet = decodeFrame(this.#frame.subarray(0, Math.min(n, this.#frame.length)), 'ethernet');
      if (!packet || !(this.#ports.has(packet.src.port) || this.#ports.has(packet.dst.port))) continue;
      out.push({ ...packet, ...this.#seq.track(packet), at });
    }
    return out;
  }

  /** Frames the kernel passed to this socket since it opened, and how many it dropped (queue full). */
  stats(): CaptureStats {
    if (!this.#closed) {
      const buf = Buffer.alloc(packetLinux.tpacketStatsSize);
      const len = [buf.length];
      // man 7 packet: reading PACKET_STATISTICS resets the kernel's counters, so they are summed here.
      if (libc().getsockopt(this.#fd, packetLinux.SOL_PACKET, packetLinux.PACKET_STATISTICS, buf, len) === 0) {
        this.#stats.packets += buf.readUInt32LE(0);
        this.#stats.drops += buf.readUInt32LE(4);
      }
    }
    return { ...this.#stats };
  }

  /**
   * Closes the packet socket; further drains return nothing. Safe to call
   * twice. close(2) of a packet socket waits for an RCU grace period
   * (net/packet/af_packet.c, packet_release → synchronize_net; ~10 ms here):
   * `inBackground` makes that call on libuv's thread pool, so it stalls no
   * event loop. The fd's number stays taken until then, so no new fd can be
   * confused with it.
   */
  close(options: { inBackground?: boolean } = {}): void {
    if (this.#closed) return;
    this.stats();
    this.#closed = true;
    if (options.inBackground) {
      closing += 1;
      closeFd(this.#fd, () => {
        closing -= 1;
      });
    } else libc().close(this.#fd);
  }

  // Best effort: without it, a burst of large segments may overflow the default buffer.
  #growReceiveBuffer(): void {
    const size = Buffer.alloc(4);
    size.writeInt32LE(receiveBufferBytes, 0);
    // SO_RCVBUFFORCE ignores net.core.rmem_max but needs CAP_NET_ADMIN; SO_RCVBUF is capped by it.
    const c = libc();
    if (c.setsockopt(this.#fd, packetLinux.SOL_SOCKET, packetLinux.SO_RCVBUFFORCE, size, 4) === 0) return;
    c.setsockopt(this.#fd, packetLinux.SOL_SOCKET, packetLinux.SO_RCVBUF, size, 4);
  }

  // Best effort: if the filter cannot be attached, drain() filters every frame itself.
  #applyFilter(): void {
    if (this.#closed || (this.#kernelFilter === 'tcp' && this.#filtered)) return;
    this.#filtered = true;
    const ports = this.ports;
    const all = this.#kernelFilter === 'tcp' || ports.length > maxFilterPorts;
    const program = encodeFilter(tcpPortFilter(all ? null : ports));
    const fprog = Buffer.alloc(packetLinux.sockFprogSize);
    fprog.writeUInt16LE(program.length / packetLinux.sockFilterSize, 0);
    // The kernel copies the program during the call, so a transient Buffer is enough.
    fprog.writeBigUInt64LE(koffi.address(program), packetLinux.sockFprogFilterOffset);
    libc().setsockopt(this.#fd, packetLinux.SOL_SOCKET, packetLinux.SO_ATTACH_FILTER, fprog, fprog.length);
  }
}

function checkPort(port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RangeError(`not a TCP port (1–65535): ${String(port)}`);
  }
}
