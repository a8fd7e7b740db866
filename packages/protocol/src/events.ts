import * as v from 'valibot';
import { AddressSchema, Count, ErrnoSchema, Id } from './base.ts';
import { MarkerAtSchema, MarkerNoteSchema } from './commands.ts';
import { ErrorCode } from './errors.ts';
import { LoadSampleSchema, LoadTallySchema } from './loadEvents.ts';
import {
  protocolLimits,
  roles,
  rowSources,
  SyscallName,
  shutdownHows,
  socketOptions,
  TcpState,
  tcpFlags,
} from './vocabulary.ts';

export { type Address, AddressSchema, type Errno, ErrnoSchema } from './base.ts';

const errorCodes = Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]];
const syscallNames = Object.values(SyscallName) as [SyscallName, ...SyscallName[]];
const tcpStateNames = Object.values(TcpState) as [TcpState, ...TcpState[]];
const Fd = v.pipe(v.number(), v.integer());
/** A C lvalue naming an fd: `server_socket`, `client_socket[2]`. */
const CName = v.pipe(v.string(), v.maxLength(64), v.regex(/^[A-Za-z_]\w*(\[\d+\])?$/));

// ---------------------------------------------------------------- call arguments

/**
 * A call's arguments as the kernel got them, one variant per syscall: the fd,
 * the address and its real length, the level of an option. `showCall` renders
 * them as C.
 */
export const CallArgsSchema = v.variant('syscall', [
  v.object({
    syscall: v.literal('socket'),
    domain: v.picklist(['PF_INET', 'PF_INET6']),
    type: v.picklist(['SOCK_STREAM', 'SOCK_STREAM|SOCK_NONBLOCK']),
    protocol: v.literal(0),
  }),
  v.object({
    syscall: v.literal('setsockopt'),
    fd: Fd,
    level: v.picklist(['SOL_SOCKET', 'IPPROTO_TCP']),
    option: v.picklist(socketOptions),
    /** The int value; for SO_LINGER, `l_linger` (with `l_onoff = 1`). */
    value: v.pipe(v.number(), v.integer()),
  }),
  v.object({ syscall: v.literal('bind'), fd: Fd, address: AddressSchema, addrlen: Count }),
  v.object({ syscall: v.literal('listen'), fd: Fd, backlog: Count }),
  v.object({ syscall: v.literal('accept'), fd: Fd }),
  v.object({ syscall: v.literal('connect'), fd: Fd, address: AddressSchema, addrlen: Count }),
  v.object({ syscall: v.literal('read'), fd: Fd, count: Count }),
  v.object({
    syscall: v.literal('write'),
    fd: Fd,
    count: Count,
    /** The bytes written, as text (NUL as `\\0`); render as text only. */
    text: v.pipe(v.string(), v.maxLength(4 * protocolLimits.maxCallBytes)),
  }),
  v.object({ syscall: v.literal('shutdown'), fd: Fd, how: v.picklist(shutdownHows) }),
  v.object({ syscall: v.literal('close'), fd: Fd }),
  v.object({ syscall: v.literal('getsockname'), fd: Fd }),
  v.object({ syscall: v.literal('getpeername'), fd: Fd }),
  v.object({ syscall: v.literal('fcntl'), fd: Fd, cmd: v.literal('F_SETFL'), flags: v.literal('O_NONBLOCK') }),
  v.object({ syscall: v.literal('getsockopt'), fd: Fd, level: v.literal('SOL_SOCKET'), option: v.literal('SO_ERROR') }),
]);
export type CallArgs = v.InferOutput<typeof CallArgsSchema>;
/** The arguments of one syscall. */
export type CallArgsOf<S extends SyscallName> = Extract<CallArgs, { syscall: S }>;

// ---------------------------------------------------------------- events

const KernelRow = v.object({
  /** Where this row came from: sock_diag or /proc/net/tcp (as `ss` lists it), or the socket's own TCP_INFO. */
  source: v.picklist(rowSources),
  state: v.picklist(tcpStateNames),
  /** Linux's own name for the state (e.g. BOUND_INACTIVE, NEW_SYN_RECV, FIN_WAIT2). */
  linuxState: v.pipe(v.string(), v.maxLength(32)),
  local: AddressSchema,
  remote: v.nullable(AddressSchema),
  /** For a listener: accept queue length; otherwise bytes not yet read. */
  recvQ: Count,
  /** For a listener: the backlog; otherwise bytes not yet acknowledged. */
  sendQ: Count,
  timer: v.object({
    kind: v.picklist(['off', 'on', 'keepalive', 'timewait', 'persist']),
    expiresMs: Count,
    retrans: Count,
  }),
  /** 0 when no process holds a descriptor for it (accept queue, orphan, TIME_WAIT). */
  inode: Count,
  /** Whose it is: one of this session's ports is its local port, or another program's. */
  owner: v.picklist(['lab', 'outside']),
  /** This session's socket when it is one with an open fd. */
  socket: v.nullable(Id),
});
export type KernelRow = v.InferOutput<typeof KernelRow>;

const Base = { seq: Count, t: v.pipe(v.number(), v.minValue(0)) };

const Capability = v.variant('available', [
  v.object({ available: v.literal(true) }),
  v.object({ available: v.literal(false), reason: v.pipe(v.string(), v.maxLength(1000)) }),
]);

const SessionHello = v.object({
  ...Base,
  type: v.literal('session.hello'),
  protocol: v.number(),
  sessionId: Id,
  platform: v.object({ os: v.string(), arch: v.string(), release: v.string() }),
  capabilities: v.object({
    capture: Capability,
    sockDiag: Capability,
    /** A private network namespace for each lab run (needs CAP_SYS_ADMIN). */
    isolation: Capability,
  }),
});

/**
 * Where a lab run's sockets live: a private network namespace (`path` names
 * it for `nsenter --net=PATH`, so outside programs can join), or the host's
 * network, shared with every program and session (`reason` says why).
 */
export const NetworkSchema = v.variant('kind', [
  v.object({ kind: v.literal('netns'), path: v.pipe(v.string(), v.maxLength(256)) }),
  v.object({ kind: v.literal('shared'), reason: v.pipe(v.string(), v.maxLength(1000)) }),
]);
export type Network = v.InferOutput<typeof NetworkSchema>;

const LessonStart = v.object({
  ...Base,
  type: v.literal('lesson.start'),
  lesson: Id,
  /** `clients`: the `load` lesson's clients. */
  params: v.object({ port: v.number(), clients: v.optional(Count) }),
  steps: Count,
  network: NetworkSchema,
  /**
   * On the host's shared network, the lesson's port was held (a TIME_WAIT left
   * by an earlier run, another session, another program): the kernel's rows
   * that held it, and the port asked for. The lesson runs on `params.port`.
   */
  moved: v.optional(
    v.object({ from: Count, heldBy: v.pipe(v.array(KernelRow), v.maxLength(protocolLimits.maxTableRows)) }),
  ),
  /** The server's recording of this run (its name under `/api/recordings/`), when it records. */
  recording: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.ndjson$/))),
});

/** The port the lesson really uses, once the kernel chose it (a bind to port 0, a getsockname). */
const LessonPort = v.object({
  ...Base,
  type: v.literal('lesson.port'),
  lesson: Id,
  port: Count,
});

/**
 * Before a step runs, the lesson waits (up to `limitMs`) for the kernel
 * condition it depends on: an actor's blocked call to return (a SYN
 * retransmitted by the kernel's timer), or the listener's accept queue to
 * hold `length` connections again.
 */
const LessonWait = v.object({
  ...Base,
  type: v.literal('lesson.wait'),
  lesson: Id,
  index: Count,
  until: v.variant('kind', [
    v.object({ kind: v.literal('call'), actor: Id, syscall: v.picklist(syscallNames) }),
    v.object({ kind: v.literal('acceptQueue'), length: Count }),
  ]),
  limitMs: Count,
});

/**
 * A step's accept() returned a connection from another program, not from the
 * lesson's own client (someone ran `nc` against the listener): what the
 * server sends on it from now on goes to that program.
 */
const LessonOutside = v.object({
  ...Base,
  type: v.literal('lesson.outside'),
  lesson: Id,
  index: Count,
  /** The connecting program's end, as accept() returned it. */
  peer: AddressSchema,
  /** The process holding that end, when this server may see it (/proc). */
  owner: v.nullable(v.object({ pid: Count, command: v.pipe(v.string(), v.maxLength(64)) })),
});

const LessonStep = v.object({
  ...Base,
  type: v.literal('lesson.step'),
  lesson: Id,
  index: Count,
  actor: Id,
  syscall: v.picklist(syscallNames),
});

const LessonCheck = v.object({
  ...Base,
  type: v.literal('lesson.check'),
  lesson: Id,
  index: Count,
  ok: v.boolean(),
  expected: v.string(),
  actual: v.string(),
});

const LessonReady = v.object({
  ...Base,
  type: v.literal('lesson.ready'),
  lesson: Id,
  /** The index of the next step, or null when every step has run. */
  next: v.nullable(Count),
});

const Output = v.object({
  ...Base,
  type: v.literal('output'),
  actor: Id,
  stream: v.picklist(['stdout', 'stderr']),
  /** What the actor's C program printed (its own printf, with the real bytes read); render as text only. */
  text: v.pipe(v.string(), v.maxLength(1 << 16)),
});

const LessonEnd = v.object({
  ...Base,
  type: v.literal('lesson.end'),
  lesson: Id,
  /** Every step ran and the kernel agreed with every one. */
  ok: v.boolean(),
  mismatches: Count,
  /** Why the lesson ended before its last step (a program exited, socklab refused a call). */
  stopped: v.optional(v.pipe(v.string(), v.maxLength(1000))),
});

const SyscallEnter = v.object({
  ...Base,
  type: v.literal('syscall.enter'),
  callId: Count,
  actor: Id,
  socket: v.nullable(Id),
  /** The call and its arguments as the kernel got them. */
  call: CallArgsSchema,
  /** The lesson step that made the call. */
  step: v.optional(Count),
});

const SyscallBlock = v.object({
  ...Base,
  type: v.literal('syscall.block'),
  callId: Count,
  actor: Id,
  syscall: v.picklist(syscallNames),
  socket: v.nullable(Id),
  waitingFor: v.picklist(['readable', 'writable']),
  /** The errno of the non-blocking attempt that would have blocked (EAGAIN, EINPROGRESS). */
  wouldBlock: v.string(),
});

const SyscallExit = v.object({
  ...Base,
  type: v.literal('syscall.exit'),
  callId: Count,
  actor: Id,
  syscall: v.picklist(syscallNames),
  socket: v.nullable(Id),
  ret: v.pipe(v.number(), v.integer()),
  errno: v.nullable(ErrnoSchema),
  blocked: v.boolean(),
  durationMs: v.pipe(v.number(), v.minValue(0)),
  /** The exact libc call made, e.g. `accept4(3, &addr, &addrlen, SOCK_NONBLOCK|SOCK_CLOEXEC)`. */
  impl: v.string(),
  /** A socket the call created (socket, accept). */
  created: v.optional(Id),
  /** An address the call returned (accept's peer, getsockname, getpeername). */
  address: v.optional(AddressSchema),
  /** What getsockopt(SO_ERROR) read: the pending error, or null for none. */
  soError: v.optional(v.nullable(ErrnoSchema)),
});

const SocketState = v.object({
  ...Base,
  type: v.literal('socket.state'),
  socket: Id,
  actor: Id,
  fd: v.pipe(v.number(), v.integer()),
  role: v.picklist(roles),
  /** The C variable of the actor's program that holds this fd (`server_socket`); null in the playground. */
  name: v.nullable(CName),
  /** The API lifecycle state from packages/lifecycle (e.g. `bound`, `listening`). */
  api: v.string(),
  /** What the kernel reported through TCP_INFO; null once the fd is closed. */
  tcp: v.nullable(v.picklist(tcpStateNames)),
  local: v.nullable(AddressSchema),
  remote: v.nullable(AddressSchema),
  recvQ: v.nullable(Count),
  sendQ: v.nullable(Count),
  acceptQueue: v.nullable(Count),
  backlog: v.nullable(Count),
  closed: v.boolean(),
});

const Data = v.object({
  ...Base,
  type: v.literal('data'),
  callId: Count,
  actor: Id,
  socket: Id,
  direction: v.picklist(['sent', 'received']),
  base64: v.pipe(v.string(), v.maxLength(1 << 20)),
  /** The bytes decoded as UTF-8, NUL shown as `\0`; render as text only. */
  text: v.string(),
});

const Uint32 = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffffffff));

const Packet = v.object({
  ...Base,
  type: v.literal('packet'),
  /** The call in flight when the packet was captured (it caused it), or null between calls. */
  callId: v.nullable(Count),
  family: v.picklist(['inet', 'inet6']),
  src: AddressSchema,
  dst: AddressSchema,
  /** In socklab's one flag order (`tcpFlags`). */
  flags: v.array(v.picklist(tcpFlags)),
  seqNo: Uint32,
  ackNo: Uint32,
  /** Sequence and acknowledgment numbers relative to each side's ISN, as Wireshark shows them. */
  relSeq: Uint32,
  relAck: Uint32,
  window: Count,
  /** Payload bytes. */
  length: Count,
  options: v.object({
    mss: v.nullable(Count),
    windowScale: v.nullable(Count),
    sackPermitted: v.boolean(),
    sackBlocks: Count,
    timestamps: v.nullable(v.object({ value: Uint32, echo: Uint32 })),
    unknown: v.array(Count),
  }),
  /** The first bytes of the payload (at most 64), and their text rendering. */
  payloadBase64: v.pipe(v.string(), v.maxLength(Math.ceil(protocolLimits.payloadPreviewBytes / 3) * 4)),
  payloadText: v.pipe(v.string(), v.maxLength(512)),
  /**
   * The IP datagram as the kernel handed it to AF_PACKET (after the link
   * header), cut after the TCP header and the payload preview, like
   * `tcpdump -s`: its real checksums, IP id, TTL and options. `length` is the
   * datagram's whole length, so `base64`'s bytes are fewer when the payload
   * was cut. Absent in recordings made before frames were kept.
   */
  frame: v.optional(
    v.object({
      base64: v.pipe(v.string(), v.maxLength(Math.ceil(protocolLimits.frameBytes / 3) * 4)),
      length: v.pipe(Count, v.maxValue(protocolLimits.maxDatagramBytes)),
    }),
  ),
});

/** What every table event says: which table, after which call, and rows. */
const TableFields = {
  ...Base,
  /** The table the rows were looked up in: netlink sock_diag (like `ss`) or /proc/net/tcp. */
  source: v.picklist(['sock_diag', 'proc']),
  /** The call after which the table was read (null: a re-read between calls while a timer runs). */
  callId: v.nullable(Count),
  rows: v.pipe(v.array(KernelRow), v.maxLength(protocolLimits.maxTableRows)),
};

/**
 * The kernel's whole socket table (SPEC TABLE-1): the first read of a lab
 * run, then again now and then so a viewer joining from a bounded log has
 * one; between them `kernel.changes` says what changed.
 */
const KernelTable = v.object({ ...TableFields, type: v.literal('kernel.table') });

/** A row's key (`kernelRowKey`): its 4-tuple, else its lab socket, else its local address. */
const RowKey = v.pipe(v.string(), v.maxLength(160));

/**
 * What changed in the kernel's socket table since the last `kernel.table` or
 * `kernel.changes` of this lab run (SPEC TABLE-1): the rows added or changed
 * (`rows`), each whole as the kernel reports it now, and the keys of the rows
 * it no longer lists. Folded onto the table before it (`applyTableChanges`),
 * it gives the whole table read after call `callId`.
 */
const KernelChanges = v.object({
  ...TableFields,
  type: v.literal('kernel.changes'),
  removed: v.pipe(v.array(RowKey), v.maxLength(protocolLimits.maxTableRows)),
});

/**
 * A note someone left at a moment of the run (`marker.add`): after the call
 * `callId` (null: before any call) and in the lesson's step `step` (null:
 * before the first step, or the playground). With `at`, the note was added
 * while looking back and belongs at the end of step `at.step` (then `step`
 * is that step and `callId` its latest call), not where it is in the log.
 * Render as text only.
 */
const Marker = v.object({
  ...Base,
  type: v.literal('marker'),
  note: MarkerNoteSchema,
  callId: v.nullable(Count),
  step: v.nullable(Count),
  at: v.optional(MarkerAtSchema),
});

const ErrorEvent = v.object({
  ...Base,
  type: v.literal('error'),
  code: v.picklist(errorCodes),
  message: v.pipe(v.string(), v.maxLength(1000)),
});

/** Every event a server emits, in one ordered log. */
export const EventSchema = v.variant('type', [
  SessionHello,
  LessonStart,
  LessonWait,
  LessonOutside,
  LessonStep,
  LessonCheck,
  LessonReady,
  LessonEnd,
  Output,
  LessonPort,
  SyscallEnter,
  SyscallBlock,
  SyscallExit,
  SocketState,
  Data,
  Packet,
  KernelTable,
  KernelChanges,
  Marker,
  ErrorEvent,
  LoadSampleSchema,
  LoadTallySchema,
]);
export type SocklabEvent = v.InferOutput<typeof EventSchema>;
export type EventType = SocklabEvent['type'];
/** The event of one `type`. */
export type EventOf<T extends EventType> = Extract<SocklabEvent, { type: T }>;
/** An event before the log assigns its `seq` and `t`. */
export type EventBody = SocklabEvent extends infer E ? (E extends SocklabEvent ? Omit<E, 'seq' | 't'> : never) : never;
