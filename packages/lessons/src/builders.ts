import { type At, binds, connects, handshakePackets, held, listens, ok, opens, orphan, step } from './calls.ts';
import type { StepDraft } from './defineLesson.ts';
import type { Expectation, Program } from './types.ts';

/** What a lesson changes in one step of a shared sequence: its narration key, expectations added to the defaults. */
export type Part = { say?: string; expect?: Expectation };

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
  return [
    opens(program, 'server_socket', 'listener', socket.say ?? 'builders.serverSocket', socket.expect),
    binds(program, bind.say ?? 'builders.bind', { tcp: 'CLOSED', ...bind.expect }),
    listens(program, listen.say ?? 'builders.listen', { acceptQueue: 0, ...listen.expect }, { backlog }),
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
  const completes: Expectation = { ret: 0, tcp: 'ESTABLISHED', packets: handshakePackets, ...connect.expect };
  return [
    opens(program, as, 'client', socket.say ?? 'builders.clientSocket', socket.expect, { nth }),
    connects(program, connect.say ?? 'builders.connected', completes, { nth, socket: as }),
  ];
}

/**
 * Each client in turn: its socket() and a connect() that completes while nobody accepts, so each
 * connection waits in the listener's accept queue (`queued` were already waiting). Narration keys
 * are the actor's: `client1.socket`, `client1.connect`.
 *
 * @example
 * ...clientsConnect(multiClients) // the queue grows 1, 2, 3
 */
export function clientsConnect(clients: readonly Program[], options: { queued?: number } = {}): StepDraft[] {
  const { queued = 0 } = options;
  return clients.flatMap((client, i) =>
    clientConnects(client, {
      socket: { say: `${client.actor}.socket` },
      connect: { say: `${client.actor}.connect`, expect: { acceptQueue: queued + i + 1 } },
    }),
  );
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
  options: {
    as?: string;
    nth?: number;
    queued?: boolean;
    say?: string;
    expect?: Expectation;
    wait?: true;
    waitUntil?: { acceptQueue: number };
    /** false: leave the accept queue after the call unchecked (clients still retransmit: it may refill at once). */
    checkQueue?: boolean;
  } = {},
): StepDraft {
  const {
    as = 'client_socket',
    nth = 1,
    queued = false,
    say = 'builders.acceptWaits',
    expect,
    wait,
    waitUntil,
  } = options;
  const waits: Expectation = queued
    ? { blocks: false, ...(options.checkQueue === false ? {} : { acceptQueue: 0 }) }
    : { blocks: true };
  return step(
    program,
    ['accept(', nth],
    { syscall: 'accept', socket: 'server_socket', as },
    say,
    { ret: 'fd', errno: null, ...waits, tcp: 'ESTABLISHED', ...expect },
    // `client_socket = accept(...)`: the new connection's variable is the one its line assigns.
    { assigns: as, ...(wait ? { wait } : {}), ...(waitUntil ? { waitUntil } : {}) },
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
  return step(program, at, { syscall: 'close', socket }, say, { ...ok, ...expect }, wait ? { wait } : {});
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
      expect: { packets: ['FIN,ACK'], table: [held('CLOSE_WAIT', 'server')], ...first.expect },
    }),
    closes(server, 'client_socket', {
      say: conn.say ?? 'builders.serverCloses',
      expect: { packets: ['FIN,ACK', 'ACK'], table: [orphan('TIME_WAIT', 'client')], ...conn.expect },
    }),
    closes(server, 'server_socket', { say: listener.say ?? 'builders.closeListener', ...listener }),
  ];
}
