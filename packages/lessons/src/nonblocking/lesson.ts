import { acceptsOne, closes, step } from '../builders.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson, Program } from '../types.ts';
import nbClientSource from './nb_client.c?raw';
import nbServerSource from './nb_server.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** The echo server made non-blocking with fcntl(): every call that would wait returns EAGAIN instead. */
export const nonblockingServer: Program = defineProgram({
  actor: 'server',
  file: 'nb_server.c',
  command: './nb_server',
  source: nbServerSource,
});

/** A client with a non-blocking socket from the start (SOCK_NONBLOCK). */
export const nonblockingClient: Program = defineProgram({
  actor: 'client',
  file: 'nb_client.c',
  command: './nb_client',
  source: nbClientSource,
});

/** O_NONBLOCK as C sees it: EAGAIN from accept() and read(), EINPROGRESS from connect(), then SO_ERROR. */
export const nonblocking: Lesson = defineLesson({
  id: 'nonblocking',
  port: 4000,
  programs: [nonblockingServer, nonblockingClient],
  text: { en, ko },
  steps: [
    step(nonblockingServer, 'socket(', { syscall: 'socket', as: 'server_socket', role: 'listener' }, 'server.socket', {
      ret: 'fd',
      errno: null,
      tcp: 'CLOSED',
    }),
    step(nonblockingServer, 'fcntl(', { syscall: 'fcntl', socket: 'server_socket' }, 'server.fcntl', {
      ret: 0,
      errno: null,
    }),
    step(
      nonblockingServer,
      'bind(',
      { syscall: 'bind', socket: 'server_socket', host: '127.0.0.1', port: '$port' },
      'builders.bind',
      { ret: 0, errno: null, tcp: 'CLOSED' },
    ),
    step(nonblockingServer, 'listen(', { syscall: 'listen', socket: 'server_socket', backlog: 5 }, 'builders.listen', {
      ret: 0,
      errno: null,
      tcp: 'LISTEN',
      acceptQueue: 0,
    }),
    step(
      nonblockingServer,
      'accept(',
      { syscall: 'accept', socket: 'server_socket', as: 'client_socket' },
      'server.accept',
      { ret: -1, errno: 'EAGAIN', blocks: false, tcp: 'LISTEN' },
    ),
    step(
      nonblockingClient,
      'socket(',
      { syscall: 'socket', as: 'sock', role: 'client', nonblocking: true },
      'client.socket',
      { ret: 'fd', errno: null, tcp: 'CLOSED' },
    ),
    step(
      nonblockingClient,
      'connect(',
      { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      'client.connect',
      {
        ret: -1,
        errno: 'EINPROGRESS',
        blocks: false,
        tcp: 'ESTABLISHED',
        acceptQueue: 1,
        packets: ['SYN', 'SYN,ACK', 'ACK'],
      },
    ),
    step(
      nonblockingClient,
      'getsockopt(',
      { syscall: 'getsockopt', socket: 'sock', option: 'SO_ERROR' },
      'client.getsockopt',
      { ret: 0, errno: null, soError: null },
    ),
    acceptsOne(nonblockingServer, { nth: 2, queued: true, say: 'server.accept.2' }),
    step(nonblockingServer, ['fcntl(', 2], { syscall: 'fcntl', socket: 'client_socket' }, 'server.fcntl.2', {
      ret: 0,
      errno: null,
    }),
    step(
      nonblockingServer,
      'read(',
      { syscall: 'read', socket: 'client_socket', size: 1024, into: 'buff' },
      'server.read',
      { ret: -1, errno: 'EAGAIN', blocks: false, tcp: 'ESTABLISHED' },
    ),
    step(nonblockingClient, 'write(', { syscall: 'write', socket: 'sock', data: { text: 'ping' } }, 'client.write', {
      ret: 4,
      errno: null,
      packets: ['PSH,ACK'],
    }),
    step(nonblockingClient, 'read(', { syscall: 'read', socket: 'sock', size: 1024, into: 'buff' }, 'client.read', {
      ret: -1,
      errno: 'EAGAIN',
      blocks: false,
      tcp: 'ESTABLISHED',
    }),
    step(
      nonblockingServer,
      ['read(', 2],
      { syscall: 'read', socket: 'client_socket', size: 1024, into: 'buff', print: '%s\n' },
      'server.read.2',
      { ret: 4, errno: null, blocks: false, text: 'ping' },
    ),
    step(
      nonblockingServer,
      'write(',
      { syscall: 'write', socket: 'client_socket', data: { text: 'pong' } },
      'server.write',
      { ret: 4, errno: null, packets: ['PSH,ACK'] },
    ),
    step(
      nonblockingClient,
      ['read(', 2],
      { syscall: 'read', socket: 'sock', size: 1024, into: 'buff', print: '%s\n' },
      'client.read.2',
      { ret: 4, errno: null, blocks: false, text: 'pong' },
    ),
    closes(nonblockingClient, 'sock', { say: 'client.close', expect: { packets: ['FIN,ACK'] } }),
    closes(nonblockingServer, 'client_socket', {
      say: 'builders.serverCloses',
      expect: { packets: ['FIN,ACK', 'ACK'] },
    }),
    closes(nonblockingServer, 'server_socket', { say: 'server.close' }),
    step(
      nonblockingClient,
      ['socket(', 2],
      { syscall: 'socket', as: 'sock', role: 'client', nonblocking: true },
      'client.socket.2',
      { ret: 'fd', errno: null, tcp: 'CLOSED' },
    ),
    step(
      nonblockingClient,
      ['connect(', 2],
      { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      'client.connect.2',
      { ret: -1, errno: 'EINPROGRESS', blocks: false, tcp: 'CLOSED', packets: ['SYN', 'RST,ACK'] },
    ),
    step(
      nonblockingClient,
      ['getsockopt(', 2],
      { syscall: 'getsockopt', socket: 'sock', option: 'SO_ERROR' },
      'client.getsockopt.2',
      { ret: 0, errno: null, soError: 'ECONNREFUSED' },
    ),
    step(
      nonblockingClient,
      ['getsockopt(', 3],
      { syscall: 'getsockopt', socket: 'sock', option: 'SO_ERROR' },
      'client.getsockopt.3',
      { ret: 0, errno: null, soError: null },
    ),
    closes(nonblockingClient, 'sock', { nth: 2 }),
  ],
});
