import {
  defaultPorts,
  Lab,
  type LabLimits,
  NetNamespace,
  PacketCapture,
  type SocketBudget,
  SocketTable,
  TableObserver,
} from '@socklab/kernel';
import { ErrorCode, SocklabError } from '@socklab/protocol';

/** Where a lab's sockets live: a private network namespace, or the host's network shared with everyone. */
export type Isolation = { kind: 'netns'; path: string } | { kind: 'shared'; reason: string };

/** What this process can offer every lab, probed once. */
export type Capabilities = {
  capture: { available: true } | { available: false; reason: string };
  sockDiag: { available: true } | { available: false; reason: string };
  isolation: { available: true } | { available: false; reason: string };
};

let probed: Capabilities | undefined;

/**
 * What labs get on this machine: packet capture (CAP_NET_RAW), sock_diag,
 * and a private network namespace per lab (CAP_SYS_ADMIN). Probed once, by
 * trying each for real.
 */
export function capabilities(): Capabilities {
  if (probed) return probed;
  const ns = NetNamespace.create();
  const inside = <T>(make: () => T): T => (ns.ns ? ns.ns.enter(make) : make());
  const capture = inside(() => PacketCapture.open());
  const table = inside(() => new SocketTable());
  probed = {
    capture: capture.capture ? { available: true } : { available: false, reason: capture.reason },
    sockDiag:
      table.source === 'sock_diag'
        ? { available: true }
        : { available: false, reason: table.reason ?? 'sock_diag is unavailable; reading /proc/net/tcp' },
    isolation: ns.ns ? { available: true } : { available: false, reason: ns.reason },
  };
  capture.capture?.close();
  table.close();
  ns.ns?.close();
  return probed;
}

/** How to open a lab's network. */
export type NetworkOptions = {
  /** false: no packet capture (tests that must not depend on privileges). */
  capture?: boolean;
  /** false: share the host's network even where a namespace could be made; 'required': a namespace or nothing (a student lab). */
  isolate?: boolean | 'required';
  limits?: Partial<LabLimits>;
  /** socklab's own server port: refused to lab sockets when the lab shares the host's network. */
  serverPort?: number;
  /** A count of lab sockets shared with other labs (the server's cap). */
  budget?: SocketBudget;
};

/**
 * One lab run's network: its `Lab`, and the packet capture and socket table
 * that watch it, both opened when the run's first call needs them (an idle
 * session holds no AF_PACKET or netlink socket). Where the process may, all three live in a private network
 * namespace made for this run alone, with its own `lo`: the lesson's port is
 * always free, nothing of other sessions or programs is visible or
 * capturable, and closing the run ends the namespace with every TIME_WAIT it
 * held. Elsewhere they share the host's network (`isolation.kind: 'shared'`).
 *
 * @example
 * const net = LabNetwork.open({});
 * net.isolation;    // { kind: 'netns', path: '/proc/4242/fd/31' }
 * new LessonRunner(net.lab, hello, {}, emit, net.watchers());
 * net.close();
 */
export class LabNetwork {
  readonly lab: Lab;
  readonly table: SocketTable;
  readonly isolation: Isolation;
  readonly #ns: NetNamespace | null;
  readonly #captureWanted: boolean;
  #capture: PacketCapture | null = null;
  #closed = false;

  private constructor(ns: NetNamespace | null, isolation: Isolation, options: NetworkOptions) {
    this.#ns = ns;
    this.isolation = isolation;
    const limits = { ...options.limits };
    if (!ns && options.serverPort !== undefined) {
      const ports = limits.ports ?? defaultPorts;
      limits.ports = { ...ports, reserved: [...(ports.reserved ?? []), options.serverPort] };
    }
    this.lab = new Lab({ netns: ns, limits, budget: options.budget ?? null });
    this.#captureWanted = options.capture !== false;
    this.table = new SocketTable({ lazy: { within: (make) => this.lab.within(make) } });
  }

  /** The packet capture, once the lab's first call opened it (null before, or where it cannot be had). */
  get capture(): PacketCapture | null {
    return this.#capture;
  }

  // Opened once, at the first call of the run's programs: an idle session holds no AF_PACKET socket.
  #openCapture(): PacketCapture | null {
    if (this.#closed || !this.#captureWanted || this.#capture) return this.#capture;
    // In the run's own namespace every segment is the lab's: the kernel keeps all TCP, and a
    // newly watched port (each connect's, each bind's) costs no new socket filter.
    const filter = this.#ns ? 'tcp' : 'ports';
    this.#capture = this.lab.within(() => PacketCapture.open(filter)).capture ?? null;
    return this.#capture;
  }

  /**
   * Gives back the socket table's netlink socket while the lab has no open
   * socket (a lesson's start may read the table to find a free port); it is
   * opened again when next read.
   */
  releaseIdle(): void {
    if (this.lab.sockets().every((s) => s.closed)) this.table.release();
  }

  /** Opens a lab's network: a new namespace where possible (and asked for). */
  static open(options: NetworkOptions = {}): LabNetwork {
    if (options.isolate === false) {
      return new LabNetwork(null, { kind: 'shared', reason: 'isolation was turned off' }, options);
    }
    const made = NetNamespace.create();
    if (!made.ns && options.isolate === 'required') {
      throw new SocklabError(ErrorCode.unsupported, `a student lab runs only in a network of its own: ${made.reason}`);
    }
    if (!made.ns) return new LabNetwork(null, { kind: 'shared', reason: made.reason }, options);
    return new LabNetwork(made.ns, { kind: 'netns', path: made.ns.path }, options);
  }

  /**
   * What a runner watches the lab with. On a shared network the capture keeps
   * only segments of the lab's own sockets' exact endpoints (`exactWire`).
   */
  watchers(): { openCapture: () => PacketCapture | null; table: TableObserver; exactWire: boolean } {
    return {
      openCapture: () => this.#openCapture(),
      table: new TableObserver(this.table),
      exactWire: this.#ns === null,
    };
  }

  /** Closes every socket of the lab, the capture and the table, and ends the namespace. */
  close(): void {
    this.#closed = true;
    this.lab.closeAll();
    // A lesson's load, reset or end stalls no session for the packet socket's ~10 ms close.
    this.#capture?.close({ inBackground: true });
    this.#capture = null;
    this.table.close();
    this.#ns?.close();
  }
}
