import * as v from 'valibot';
import { ErrorCode } from './errors.ts';
import { SyscallName, TcpState } from './tcp.ts';

/** Bumped on every incompatible change to commands, events or recordings. */
export const PROTOCOL_VERSION = 1;

const errorCodes = Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]];
const syscallNames = Object.values(SyscallName) as [SyscallName, ...SyscallName[]];
const tcpStateNames = Object.values(TcpState) as [TcpState, ...TcpState[]];

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[A-Za-z0-9_.:-]+$/));
const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** An IPv4 or IPv6 socket address as the kernel reported it. */
export const AddressSchema = v.object({
  family: v.picklist(['inet', 'inet6']),
  host: v.pipe(v.string(), v.maxLength(64)),
  port: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535)),
});
export type Address = v.InferOutput<typeof AddressSchema>;

/** An errno as the kernel set it: the name from the C headers, the number on this OS, strerror's text. */
export const ErrnoSchema = v.object({
  name: v.pipe(v.string(), v.maxLength(32)),
  code: v.pipe(v.number(), v.integer()),
  message: v.pipe(v.string(), v.maxLength(200)),
});
export type Errno = v.InferOutput<typeof ErrnoSchema>;

const LessonParamsSchema = v.object({
  port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535))),
});
export type LessonParams = v.InferOutput<typeof LessonParamsSchema>;

// ---------------------------------------------------------------- commands

const Port = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535));
const Host = v.pipe(v.string(), v.maxLength(64));

/** One call the playground may make; `socket` is a socket id from an earlier `socket.state`. */
export const PlaygroundCallSchema = v.variant('syscall', [
  v.object({
    syscall: v.literal('socket'),
    family: v.optional(v.picklist(['inet', 'inet6'])),
    nonblocking: v.optional(v.boolean()),
  }),
  v.object({
    syscall: v.literal('setsockopt'),
    socket: Id,
    option: v.picklist(['SO_REUSEADDR', 'SO_LINGER', 'SO_KEEPALIVE', 'TCP_NODELAY']),
    value: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600)),
  }),
  v.object({ syscall: v.literal('bind'), socket: Id, host: Host, port: Port }),
  v.object({
    syscall: v.literal('listen'),
    socket: Id,
    backlog: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(4096)),
  }),
  v.object({ syscall: v.literal('accept'), socket: Id }),
  v.object({ syscall: v.literal('connect'), socket: Id, host: Host, port: Port }),
  v.object({
    syscall: v.literal('read'),
    socket: Id,
    size: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65536)),
  }),
  v.object({
    syscall: v.literal('write'),
    socket: Id,
    text: v.pipe(v.string(), v.maxLength(65536)),
    nul: v.optional(v.boolean()),
  }),
  v.object({ syscall: v.literal('shutdown'), socket: Id, how: v.picklist(['SHUT_RD', 'SHUT_WR', 'SHUT_RDWR']) }),
  v.object({ syscall: v.literal('close'), socket: Id }),
  v.object({ syscall: v.literal('getsockname'), socket: Id }),
  v.object({ syscall: v.literal('getpeername'), socket: Id }),
  v.object({ syscall: v.literal('fcntl'), socket: Id }),
  v.object({ syscall: v.literal('getsockopt'), socket: Id, option: v.literal('SO_ERROR') }),
]);
export type PlaygroundCall = v.InferOutput<typeof PlaygroundCallSchema>;

/** Every message a browser (or any client) may send. Unknown keys are dropped. */
export const CommandSchema = v.variant('type', [
  v.object({ type: v.literal('lesson.load'), lesson: Id, params: v.optional(LessonParamsSchema) }),
  v.object({ type: v.literal('lesson.step') }),
  v.object({ type: v.literal('lesson.reset') }),
  /** Starts the playground: this session's sockets are closed, a free lab begins. */
  v.object({ type: v.literal('playground.start') }),
  /** One call by one actor (an actor is a program: `server`, `client`, `client2`…). */
  v.object({ type: v.literal('playground.call'), actor: Id, call: PlaygroundCallSchema }),
]);
export type Command = v.InferOutput<typeof CommandSchema>;
export type CommandType = Command['type'];

// ---------------------------------------------------------------- events

const Base = { seq: Count, t: v.pipe(v.number(), v.minValue(0)) };
const Json = v.union([v.string(), v.number(), v.boolean(), v.null()]);

const SessionHello = v.object({
  ...Base,
  type: v.literal('session.hello'),
  protocol: v.number(),
  sessionId: Id,
  platform: v.object({ os: v.string(), arch: v.string(), release: v.string() }),
  capabilities: v.object({
    capture: v.object({ available: v.boolean(), reason: v.optional(v.string()) }),
    sockDiag: v.object({ available: v.boolean(), reason: v.optional(v.string()) }),
  }),
});

const LessonStart = v.object({
  ...Base,
  type: v.literal('lesson.start'),
  lesson: Id,
  params: v.object({ port: v.number() }),
  steps: Count,
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

const Stdout = v.object({
  ...Base,
  type: v.literal('stdout'),
  actor: Id,
  /** What the actor's C program printed (printf with the real bytes read); render as text only. */
  text: v.pipe(v.string(), v.maxLength(1 << 16)),
});

const LessonEnd = v.object({
  ...Base,
  type: v.literal('lesson.end'),
  lesson: Id,
  ok: v.boolean(),
  mismatches: Count,
});

const SyscallEnter = v.object({
  ...Base,
  type: v.literal('syscall.enter'),
  callId: Count,
  actor: Id,
  syscall: v.picklist(syscallNames),
  socket: v.nullable(Id),
  /** The call's arguments as the C program passes them (fd, address, sizes). */
  args: v.record(v.string(), Json),
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
  role: v.picklist(['listener', 'client', 'connection']),
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

/** The TCP flags socklab decodes, in display order. */
export const tcpFlags = ['SYN', 'ACK', 'PSH', 'FIN', 'RST', 'URG', 'ECE', 'CWR'] as const;

const Packet = v.object({
  ...Base,
  type: v.literal('packet'),
  /** The call in flight when the packet was captured (it caused it), or null between calls. */
  callId: v.nullable(Count),
  family: v.picklist(['inet', 'inet6']),
  src: AddressSchema,
  dst: AddressSchema,
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
  payloadBase64: v.pipe(v.string(), v.maxLength(128)),
  payloadText: v.pipe(v.string(), v.maxLength(512)),
});

const KernelRow = v.object({
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

const KernelTable = v.object({
  ...Base,
  type: v.literal('kernel.table'),
  /** Where the rows came from: netlink sock_diag (like `ss`) or /proc/net/tcp. */
  source: v.picklist(['sock_diag', 'proc']),
  /** The call after which the table was read. */
  callId: v.nullable(Count),
  rows: v.pipe(v.array(KernelRow), v.maxLength(512)),
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
  LessonStep,
  LessonCheck,
  LessonReady,
  LessonEnd,
  Stdout,
  SyscallEnter,
  SyscallBlock,
  SyscallExit,
  SocketState,
  Data,
  Packet,
  KernelTable,
  ErrorEvent,
]);
export type SocklabEvent = v.InferOutput<typeof EventSchema>;
export type EventType = SocklabEvent['type'];
/** The event of one `type`. */
export type EventOf<T extends EventType> = Extract<SocklabEvent, { type: T }>;
/** An event before the log assigns its `seq` and `t`. */
export type EventBody = SocklabEvent extends infer E ? (E extends SocklabEvent ? Omit<E, 'seq' | 't'> : never) : never;
