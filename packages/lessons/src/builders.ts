import type { StepDraft } from './defineLesson.ts';
import { lineOf } from './program.ts';
import type { Expectation, Program, StepCall } from './types.ts';

/** A line of a program named by its code: a needle, or a needle and which of its lines (1-based). */
export type At = string | readonly [needle: string, nth: number];

/** What a lesson changes in one step of a shared sequence: its narration key, expectations added to the defaults. */
export type Part = { say?: string; expect?: Expectation };

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
  options: { wait?: true } = {},
): StepDraft {
  return { actor: program.actor, call, line: lineAt(program, at), say, expect, ...options };
}

/**
 * The server's socket(), bind() to the lesson's port on 127.0.0.1 and
 * listen() on `server_socket`, each with the kernel's usual answer.
 *
 * @example
 * steps: [...serverSetup(echoServer, { listen: { say: 'server.listen' } }), acceptsOne(echoServer)]
 */
export function serverSetup(
  program: Program,
  options: { backlog?: number; socket?: Part; bind?: Part; listen?: Part } = {},
): StepDraft[] {
  const { backlog = 5, socket = {}, bind = {}, listen = {} } = options;
  const socketCall = 'server_socket';
  return [
    step(
      program,
      'socket(',
      { syscall: 'socket', as: socketCall, role: 'listener' },
      socket.say ?? 'builders.serverSocket',
      { ret: 'fd', errno: null, tcp: 'CLOSED', ...socket.expect },
    ),
    step(
      program,
      'bind(',
      { syscall: 'bind', socket: socketCall, host: '127.0.0.1', port: '$port' },
      bind.say ?? 'builders.bind',
      { ret: 0, errno: null, tcp: 'CLOSED', ...bind.expect },
    ),
    step(program, 'listen(', { syscall: 'listen', socket: socketCall, backlog }, listen.say ?? 'builders.listen', {
      ret: 0,
      errno: null,
      tcp: 'LISTEN',
      acceptQueue: 0,
      ...listen.expect,
    }),
  ];
}

/**
 * A client's socket() and a connect() to 127.0.0.1 on the lesson's port that
 * completes the handshake; `nth` picks the program's nth socket()/connect().
 *
 * @example
 * ...clientConnects(timeWaitCaller, { socket: { say: 'builders.firstClientSocket' }, connect: { expect: { acceptQueue: 1 } } })
 */
export function clientConnects(
  program: Program,
  options: { as?: string; nth?: number; socket?: Part; connect?: Part } = {},
): StepDraft[] {
  const { as = 'sock', nth = 1, socket = {}, connect = {} } = options;
  return [
    step(program, ['socket(', nth], { syscall: 'socket', as, role: 'client' }, socket.say ?? 'builders.clientSocket', {
      ret: 'fd',
      errno: null,
      tcp: 'CLOSED',
      ...socket.expect,
    }),
    step(
      program,
      ['connect(', nth],
      { syscall: 'connect', socket: as, host: '127.0.0.1', port: '$port' },
      connect.say ?? 'builders.connected',
      { ret: 0, errno: null, tcp: 'ESTABLISHED', packets: ['SYN', 'SYN,ACK', 'ACK'], ...connect.expect },
    ),
  ];
}

/**
 * The server's accept() on `server_socket`: by default it blocks until a
 * client comes; `queued` means a connection is already waiting (the queue
 * empties to 0).
 *
 * @example
 * acceptsOne(resetServer, { nth: 2, queued: true, say: 'builders.acceptSecond' })
 */
export function acceptsOne(
  program: Program,
  options: { as?: string; nth?: number; queued?: boolean; say?: string; expect?: Expectation; wait?: true } = {},
): StepDraft {
  const { as = 'client_socket', nth = 1, queued = false, say = 'builders.acceptWaits', expect, wait } = options;
  const waits: Expectation = queued ? { blocks: false, acceptQueue: 0 } : { blocks: true };
  return step(
    program,
    ['accept(', nth],
    { syscall: 'accept', socket: 'server_socket', as },
    say,
    { ret: 'fd', errno: null, ...waits, tcp: 'ESTABLISHED', ...expect },
    wait ? { wait } : {},
  );
}

/**
 * close() of `socket` on its `nth` `close(socket)` line (or the line `at`), returning 0.
 *
 * @example
 * closes(epipe, 'server_socket') // "Close the listening socket."
 */
export function closes(
  program: Program,
  socket: string,
  options: { nth?: number; at?: At; say?: string; expect?: Expectation; wait?: true } = {},
): StepDraft {
  const { nth = 1, at = [`close(${socket})`, nth] as const, expect, wait } = options;
  const say = options.say ?? (socket === 'server_socket' ? 'builders.closeListener' : 'builders.closeClient');
  return step(program, at, { syscall: 'close', socket }, say, { ret: 0, errno: null, ...expect }, wait ? { wait } : {});
}

/**
 * The usual end: the client closes first (FIN; the server's end in
 * CLOSE_WAIT), the server closes the accepted `client_socket` (the client's
 * end in TIME_WAIT), then its listener.
 *
 * @example
 * ...closesBoth(helloServer, helloClient, { client: { say: 'client.close' } })
 */
export function closesBoth(
  server: Program,
  client: Program,
  options: { clientSocket?: string; client?: Part; conn?: Part; listener?: Part } = {},
): StepDraft[] {
  const { clientSocket = 'sock', client: first = {}, conn = {}, listener = {} } = options;
  return [
    closes(client, clientSocket, {
      say: first.say ?? 'builders.closeClient',
      expect: { packets: ['FIN,ACK'], table: [{ state: 'CLOSE_WAIT', fd: true, side: 'server' }], ...first.expect },
    }),
    closes(server, 'client_socket', {
      say: conn.say ?? 'builders.serverCloses',
      expect: {
        packets: ['FIN,ACK', 'ACK'],
        table: [{ state: 'TIME_WAIT', fd: false, side: 'client' }],
        ...conn.expect,
      },
    }),
    closes(server, 'server_socket', { say: listener.say ?? 'builders.closeListener', ...listener }),
  ];
}
