import type {
  CallOutcome,
  LabCall,
  Observation,
  PacketCapture,
  Reactor,
  Readiness,
  TableObserver,
} from '@socklab/kernel';
import type { KernelRow, Role } from '@socklab/protocol';
import type { Segment } from './wire.ts';

/** One call a program makes. */
export type CallRequest = {
  actor: string;
  /** The call, its sockets named by lab socket ids. */
  call: LabCall;
  /** The lesson step that makes it. */
  step?: number;
  /** For socket() and accept(): the role and C variable of the socket it creates. */
  creates?: { role: Role; name: string | null };
  /** Told when the call would block, before `syscall.block` is emitted (to look at the kernel then). */
  onBlock?: (socket: string | null) => void;
  /** Told once the call returned: its exit and everything it changed have been emitted. */
  onExit?: (done: FinishedCall) => void;
};

/** A call that returned, with what was observed right after it. */
export type FinishedCall = {
  callId: number;
  request: CallRequest;
  socket: string | null;
  outcome: CallOutcome;
  observed: ReadonlyMap<string, Observation>;
  /** The kernel's whole table read after the call (sorted when asked); null without a table. */
  rows: (() => KernelRow[]) | null;
  /** The flag sets (`SYN,ACK`) of the segments shown with the call. */
  packets: string[];
  /** Every segment seen while it was blocked; null if it never blocked. */
  whileBlocked: Segment[] | null;
};

/** A call that would block and has not returned: what is known of it while the kernel holds it. */
export type Pending = {
  callId: number;
  request: CallRequest;
  socket: string;
  want: Readiness;
  promise: Promise<CallOutcome>;
  outcome?: CallOutcome;
  failure?: unknown;
  /** Resolves once the call's exit has been emitted (or its failure reported). */
  done: Promise<void>;
  settle: () => void;
};

/** What a call engine may use beside its lab. */
export type CallsOptions = {
  /** Packet capture on lo; null or absent when the machine cannot offer it. */
  capture?: PacketCapture | null;
  /**
   * Opens the packet capture at the lab's first call (and sock_diag with it),
   * so that a lab no program has used yet holds neither; used when `capture`
   * is absent. Returns null when the machine cannot capture.
   */
  openCapture?: () => PacketCapture | null;
  /** The kernel's socket table (sock_diag or /proc); null or absent to skip it. */
  table?: TableObserver | null;
  reactor?: Reactor;
  /** Keep only segments of the lab's own sockets' endpoints (a network shared with other programs). */
  exactWire?: boolean;
};
