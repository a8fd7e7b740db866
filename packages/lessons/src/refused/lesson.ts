import { acceptsOne, clientConnects, closes, step } from '../builders.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson, Program } from '../types.ts';
import boundServerSource from './bound_server.c?raw';
import knockKnockSource from './knock_knock.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** A server that binds its port and only later listens. */
export const boundServer: Program = defineProgram({
  actor: 'server',
  file: 'bound_server.c',
  command: './bound_server',
  source: boundServerSource,
});

/** A client that knocks three times: before the server exists, while it is only bound, once it listens. */
export const refusedClient: Program = defineProgram({
  actor: 'client',
  file: 'knock_knock.c',
  command: './knock_knock',
  source: knockKnockSource,
});

/** connect() to a port nobody listens on: the kernel answers the SYN with RST, and connect() fails with ECONNREFUSED. */
export const refused: Lesson = defineLesson({
  id: 'refused',
  port: 4000,
  programs: [boundServer, refusedClient],
  text: { en, ko },
  steps: [
    step(refusedClient, 'socket(', { syscall: 'socket', as: 'sock', role: 'client' }, 'client.socket', {
      ret: 'fd',
      errno: null,
      tcp: 'CLOSED',
    }),
    step(
      refusedClient,
      'connect(',
      { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      'client.connect',
      { ret: -1, errno: 'ECONNREFUSED', tcp: 'CLOSED', packets: ['SYN', 'RST,ACK'] },
    ),
    closes(refusedClient, 'sock', { say: 'client.close' }),
    step(boundServer, 'socket(', { syscall: 'socket', as: 'server_socket', role: 'listener' }, 'server.socket', {
      ret: 'fd',
      errno: null,
      tcp: 'CLOSED',
    }),
    step(
      boundServer,
      'bind(',
      { syscall: 'bind', socket: 'server_socket', host: '127.0.0.1', port: '$port' },
      'server.bind',
      { ret: 0, errno: null, tcp: 'CLOSED', table: [{ state: 'CLOSED', fd: true, side: 'server' }] },
    ),
    step(refusedClient, ['socket(', 2], { syscall: 'socket', as: 'sock', role: 'client' }, 'client.socket.2', {
      ret: 'fd',
      errno: null,
      tcp: 'CLOSED',
    }),
    step(
      refusedClient,
      ['connect(', 2],
      { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      'client.connect.2',
      {
        ret: -1,
        errno: 'ECONNREFUSED',
        tcp: 'CLOSED',
        packets: ['SYN', 'RST,ACK'],
        table: [{ state: 'CLOSED', fd: true, side: 'server' }],
      },
    ),
    closes(refusedClient, 'sock', { nth: 2, say: 'client.close.2' }),
    step(boundServer, 'listen(', { syscall: 'listen', socket: 'server_socket', backlog: 5 }, 'server.listen', {
      ret: 0,
      errno: null,
      tcp: 'LISTEN',
      acceptQueue: 0,
      table: [{ state: 'LISTEN', fd: true, side: 'server' }],
    }),
    ...clientConnects(refusedClient, {
      nth: 3,
      socket: { say: 'client.socket.3' },
      connect: { say: 'client.connect.3', expect: { acceptQueue: 1 } },
    }),
    acceptsOne(boundServer, { queued: true, say: 'server.accept' }),
    closes(refusedClient, 'sock', {
      nth: 3,
      say: 'client.close.3',
      expect: { packets: ['FIN,ACK'], table: [{ state: 'CLOSE_WAIT', fd: true, side: 'server' }] },
    }),
    closes(boundServer, 'client_socket', { say: 'server.close', expect: { packets: ['FIN,ACK', 'ACK'] } }),
    closes(boundServer, 'server_socket', { say: 'server.close.2' }),
  ],
});
