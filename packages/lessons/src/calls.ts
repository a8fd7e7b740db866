import type { TcpState } from '@socklab/protocol';
import type { StepDraft } from './defineLesson.ts';
import { lineOf } from './program.ts';
import type { Expectation, Program, StepCall, TableRowExpectation, WriteData } from './types.ts';

/** A line of a program named by its code: a needle, or a needle and which of its lines (1-based). */
export type At = string | readonly [needle: string, nth: number];

/** The 1-based line `at` names in `program`. */
function lineAt(program: Program, at: At): number {
  return typeof at === 'string' ? lineOf(program, at) : lineOf(program, at[0], at[1]);
}

/**
 * One step of `program`'s actor: the call on the line `at` names.
 *
 * @example
 * step(streamServer, 'TCP_NODELAY', { syscall: 'setsockopt', socket: 'client_socket', option: 'TCP_NODELAY', value: 1 },
 *   'server.nodelay', { ret: 0, errno: null })
 */
export function step(
  program: Program,
  at: At,
  call: StepCall,
  say: string,
  expect: Expectation,
  options: { wait?: true; waitUntil?: { acceptQueue: number }; assigns?: string } = {},
): StepDraft {
  return { actor: program.actor, call, line: lineAt(program, at), say, expect, ...options };
}

/**
 * Where a one-call step stands and whether it waits: the line `at` names, or else the call's `nth`
 * line in the program (by default its first); `assigns` is the C variable that line stores the
 * return value in (see `Step.assigns`).
 */
export type CallOptions = { at?: At; nth?: number; wait?: true; assigns?: string };

/** The kernel's answer to a call that succeeds with 0. */
export const ok = { ret: 0, errno: null } as const satisfies Expectation;

/** The segments of a connect() that completes: the three-way handshake (RFC 9293 §3.5). */
export const handshakePackets = ['SYN', 'SYN,ACK', 'ACK'] as const;

/** What a write() of data puts on the wire: one segment flagged PSH,ACK. */
export const pshAck = ['PSH,ACK'] as const;

/**
 * A socket-table row held by a descriptor (`fd: true`) on `side`.
 *
 * @example
 * held('CLOSE_WAIT', 'server') // { state: 'CLOSE_WAIT', fd: true, side: 'server' }
 */
export function held(state: TcpState, side: TableRowExpectation['side']): TableRowExpectation {
  return { state, fd: true, side };
}

/**
 * A socket-table row no descriptor holds any more (a connection the kernel keeps alone, as in TIME_WAIT).
 *
 * @example
 * orphan('TIME_WAIT', 'client') // { state: 'TIME_WAIT', fd: false, side: 'client' }
 */
export function orphan(state: TcpState, side: TableRowExpectation['side']): TableRowExpectation {
  return { state, fd: false, side };
}

/**
 * The narration key of the `n`th of a family of steps: `base` for the first, `base.n` after it.
 *
 * @example
 * nth('server.read', 1) // 'server.read'
 * nth('server.read', 3) // 'server.read.3'
 */
export function nth(base: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new Error(`nth: not a count from 1: ${n}`);
  return n === 1 ? base : `${base}.${n}`;
}

/** A step of the call on its line: `at` if given, else the `nth` line that contains `needle`. */
function callStep(
  program: Program,
  needle: string,
  call: StepCall,
  say: string,
  expect: Expectation,
  options: CallOptions,
): StepDraft {
  const { at = [needle, options.nth ?? 1] as const, wait, assigns } = options;
  return step(program, at, call, say, expect, { ...(wait ? { wait } : {}), ...(assigns ? { assigns } : {}) });
}

/**
 * socket(): a listener or a client socket named `as`; by default it succeeds with a descriptor in CLOSED.
 *
 * @example
 * opens(autoBindClient, 'sock', 'client', 'client.socket')
 */
export function opens(
  program: Program,
  as: string,
  role: 'listener' | 'client',
  say: string,
  expect: Expectation = {},
  options: CallOptions & { nonblocking?: true } = {},
): StepDraft {
  const { nonblocking, ...where } = options;
  const call: StepCall = { syscall: 'socket', as, role, ...(nonblocking ? { nonblocking } : {}) };
  // `sock = socket(...)`: the variable that holds the socket is the one its line assigns.
  const expectation: Expectation = { ret: 'fd', errno: null, tcp: 'CLOSED', ...expect };
  return callStep(program, 'socket(', call, say, expectation, { assigns: as, ...where });
}

/**
 * bind() of `server_socket` to 127.0.0.1 on the lesson's port; by default it succeeds with 0.
 *
 * @example
 * binds(reuseServerSecond, 'server2.bind', { ret: -1, errno: 'EADDRINUSE', tcp: 'CLOSED' })
 */
export function binds(program: Program, say: string, expect: Expectation = {}, options: CallOptions = {}): StepDraft {
  const call: StepCall = { syscall: 'bind', socket: 'server_socket', host: '127.0.0.1', port: '$port' };
  return callStep(program, 'bind(', call, say, { ...ok, ...expect }, options);
}

/**
 * listen() on `server_socket` with backlog 5 (or `backlog`); by default it succeeds in LISTEN.
 *
 * @example
 * listens(boundServer, 'server.listen', { acceptQueue: 0 })
 */
export function listens(
  program: Program,
  say: string,
  expect: Expectation = {},
  options: CallOptions & { backlog?: number } = {},
): StepDraft {
  const { backlog = 5, ...where } = options;
  const call: StepCall = { syscall: 'listen', socket: 'server_socket', backlog };
  return callStep(program, 'listen(', call, say, { ...ok, tcp: 'LISTEN', ...expect }, where);
}

/**
 * connect() of `socket` (default `sock`) to 127.0.0.1 on the lesson's port; `expect` says how it ends.
 *
 * @example
 * connects(refusedClient, 'client.connect', { ret: -1, errno: 'ECONNREFUSED', tcp: 'CLOSED', packets: ['SYN', 'RST,ACK'] })
 */
export function connects(
  program: Program,
  say: string,
  expect: Expectation,
  options: CallOptions & { socket?: string } = {},
): StepDraft {
  const { socket = 'sock', ...where } = options;
  const call: StepCall = { syscall: 'connect', socket, host: '127.0.0.1', port: '$port' };
  return callStep(program, 'connect(', call, say, { errno: null, ...expect }, where);
}

/**
 * setsockopt() of `option` to `value` on `socket`; by default it succeeds with 0.
 *
 * @example
 * setsOption(streamServer, 'client_socket', 'TCP_NODELAY', 1, 'server.setsockopt')
 */
export function setsOption(
  program: Program,
  socket: string,
  option: Extract<StepCall, { syscall: 'setsockopt' }>['option'],
  value: number,
  say: string,
  expect: Expectation = ok,
  options: CallOptions = {},
): StepDraft {
  return callStep(program, 'setsockopt(', { syscall: 'setsockopt', socket, option, value }, say, expect, options);
}

/**
 * write() (or send()) of `data` on `socket`: text as it is, or any {@link WriteData}; no errno unless `expect` says.
 *
 * @example
 * writes(streamServer, 'client_socket', 'Hello, ', 'server.write', { ret: 7, packets: ['PSH,ACK'] })
 */
export function writes(
  program: Program,
  socket: string,
  data: string | WriteData,
  say: string,
  expect: Expectation,
  options: CallOptions = {},
): StepDraft {
  const call: StepCall = { syscall: 'write', socket, data: typeof data === 'string' ? { text: data } : data };
  return callStep(program, 'write(', call, say, { errno: null, ...expect }, options);
}

/**
 * What a read() reads into: the buffer's C name, its size, the program's own printf of it, if any,
 * and the variable its line stores the count in (`str_len = read(...)`; see `Step.assigns`).
 */
export type ReadBuffer = { size: number; into: string; print?: string; assigns?: string };

/**
 * read() on `socket` into `buffer`; no errno unless `expect` says.
 *
 * @example
 * reads(streamClient, 'sock', { size: 29, into: 'message' }, 'client.read', { ret: 13, text: 'Hello, World!' })
 */
export function reads(
  program: Program,
  socket: string,
  buffer: ReadBuffer,
  say: string,
  expect: Expectation,
  options: CallOptions = {},
): StepDraft {
  const { assigns, ...into } = buffer;
  const where = assigns === undefined ? options : { assigns, ...options };
  return callStep(program, 'read(', { syscall: 'read', socket, ...into }, say, { errno: null, ...expect }, where);
}

/**
 * getsockname() or getpeername() on `socket`; by default it succeeds with 0. With `sets: '$port'` a
 * getsockname()'s port becomes the lesson's port (see {@link StepCall}).
 *
 * @example
 * asksAddress(autoBindClient, 'getpeername', 'sock', 'client.getpeername', { ephemeralPort: false })
 */
export function asksAddress(
  program: Program,
  syscall: 'getsockname' | 'getpeername',
  socket: string,
  say: string,
  expect: Expectation = {},
  options: CallOptions & { sets?: '$port' } = {},
): StepDraft {
  const { sets, ...where } = options;
  const call: StepCall = syscall === 'getsockname' && sets ? { syscall, socket, sets } : { syscall, socket };
  return callStep(program, `${syscall}(`, call, say, { ...ok, ...expect }, where);
}

/**
 * fcntl(`socket`, F_SETFL, flags | O_NONBLOCK); by default it succeeds with 0.
 *
 * @example
 * makesNonblocking(nonblockingServer, 'server_socket', 'server.fcntl')
 */
export function makesNonblocking(program: Program, socket: string, say: string, options: CallOptions = {}): StepDraft {
  return callStep(program, 'fcntl(', { syscall: 'fcntl', socket }, say, ok, options);
}

/**
 * getsockopt(`sock`, SOL_SOCKET, SO_ERROR): succeeds with 0, and the pending error is `soError` (null for none).
 *
 * @example
 * asksError(nonblockingClient, 'client.getsockopt.2', 'ECONNREFUSED', { at: ['getsockopt(', 2] })
 */
export function asksError(
  program: Program,
  say: string,
  soError: string | null,
  options: CallOptions & { socket?: string } = {},
): StepDraft {
  const { socket = 'sock', ...where } = options;
  const call: StepCall = { syscall: 'getsockopt', socket, option: 'SO_ERROR' };
  return callStep(program, 'getsockopt(', call, say, { ...ok, soError }, where);
}

/**
 * shutdown() of `socket` with `how`; by default it succeeds with 0.
 *
 * @example
 * shutsDown(halfCloseClient, 'sock', 'SHUT_WR', 'client.shutdown', { packets: ['FIN,ACK'] })
 */
export function shutsDown(
  program: Program,
  socket: string,
  how: Extract<StepCall, { syscall: 'shutdown' }>['how'],
  say: string,
  expect: Expectation = {},
  options: CallOptions = {},
): StepDraft {
  return callStep(program, 'shutdown(', { syscall: 'shutdown', socket, how }, say, { ...ok, ...expect }, options);
}
