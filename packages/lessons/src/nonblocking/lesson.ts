import { acceptsOne, closes } from '../builders.ts';
import {
  asksError,
  binds,
  type CallOptions,
  connects,
  handshakePackets,
  listens,
  makesNonblocking,
  opens,
  pshAck,
  type ReadBuffer,
  reads,
  writes,
} from '../calls.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Expectation, Lesson } from '../types.ts';
import nbClientSource from './nb_client.c?raw';
import nbServerSource from './nb_server.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** The echo server made non-blocking with fcntl(): every call that would wait returns EAGAIN instead. */
export const nonblockingServer = defineProgram({ actor: 'server', file: 'nb_server.c', source: nbServerSource });

/** A client with a non-blocking socket from the start (SOCK_NONBLOCK). */
export const nonblockingClient = defineProgram({ actor: 'client', file: 'nb_client.c', source: nbClientSource });

const buffer: ReadBuffer = { size: 1024, into: 'buff', assigns: 'str_len' };
const printed: ReadBuffer = { ...buffer, print: '%s\n' };
/** A read() with nothing to read on a non-blocking socket: EAGAIN at once. */
const wouldBlock: Expectation = { ret: -1, errno: 'EAGAIN', blocks: false, tcp: 'ESTABLISHED' };
const second: CallOptions = { nth: 2 };

/** O_NONBLOCK as C sees it: EAGAIN from accept() and read(), EINPROGRESS from connect(), then SO_ERROR. */
export const nonblocking: Lesson = defineLesson({
  id: 'nonblocking',
  programs: [nonblockingServer, nonblockingClient],
  text: { en, ko },
  steps: [
    opens(nonblockingServer, 'server_socket', 'listener', 'server.socket'),
    makesNonblocking(nonblockingServer, 'server_socket', 'server.fcntl'),
    binds(nonblockingServer, 'builders.bind', { tcp: 'CLOSED' }),
    listens(nonblockingServer, 'builders.listen', { acceptQueue: 0 }),
    acceptsOne(nonblockingServer, {
      say: 'server.accept',
      expect: { ret: -1, errno: 'EAGAIN', blocks: false, tcp: 'LISTEN' },
    }),
    opens(nonblockingClient, 'sock', 'client', 'client.socket', {}, { nonblocking: true }),
    connects(nonblockingClient, 'client.connect', {
      ret: -1,
      errno: 'EINPROGRESS',
      blocks: false,
      tcp: 'ESTABLISHED',
      acceptQueue: 1,
      packets: handshakePackets,
    }),
    asksError(nonblockingClient, 'client.getsockopt', null),
    acceptsOne(nonblockingServer, { nth: 2, queued: true, say: 'server.accept.2' }),
    makesNonblocking(nonblockingServer, 'client_socket', 'server.fcntl.2', { nth: 2 }),
    reads(nonblockingServer, 'client_socket', buffer, 'server.read', wouldBlock),
    writes(nonblockingClient, 'sock', 'ping', 'client.write', { ret: 4, packets: pshAck }),
    reads(nonblockingClient, 'sock', buffer, 'client.read', wouldBlock),
    reads(
      nonblockingServer,
      'client_socket',
      printed,
      'server.read.2',
      { ret: 4, blocks: false, text: 'ping' },
      second,
    ),
    writes(nonblockingServer, 'client_socket', 'pong', 'server.write', { ret: 4, packets: pshAck }),
    reads(nonblockingClient, 'sock', printed, 'client.read.2', { ret: 4, blocks: false, text: 'pong' }, second),
    closes(nonblockingClient, 'sock', { say: 'client.close', expect: { packets: ['FIN,ACK'] } }),
    closes(nonblockingServer, 'client_socket', {
      say: 'builders.serverCloses',
      expect: { packets: ['FIN,ACK', 'ACK'] },
    }),
    closes(nonblockingServer, 'server_socket', { say: 'server.close' }),
    opens(nonblockingClient, 'sock', 'client', 'client.socket.2', {}, { nth: 2, nonblocking: true }),
    connects(
      nonblockingClient,
      'client.connect.2',
      { ret: -1, errno: 'EINPROGRESS', blocks: false, tcp: 'CLOSED', packets: ['SYN', 'RST,ACK'] },
      { nth: 2 },
    ),
    asksError(nonblockingClient, 'client.getsockopt.2', 'ECONNREFUSED', { nth: 2 }),
    asksError(nonblockingClient, 'client.getsockopt.3', null, { nth: 3 }),
    closes(nonblockingClient, 'sock', { nth: 2 }),
  ],
});
