import { clientConnects, closes, step } from '../builders.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson, Program } from '../types.ts';
import clientSource from './client.c?raw';
import restartServerSource from './restart_server.c?raw';
import reuseServerSource from './reuse_server.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** The first server. */
export const reuseServerFirst: Program = defineProgram({
  actor: 'server',
  file: 'reuse_server.c',
  command: './reuse_server',
  source: reuseServerSource,
});

/** The same program started a second time while the first still runs. */
export const reuseServerSecond: Program = defineProgram({
  actor: 'server2',
  file: 'reuse_server.c',
  command: './reuse_server',
  source: reuseServerSource,
});

/** The client: connects, reads until the server hangs up, closes. */
export const addrInUseClient: Program = defineProgram({
  actor: 'client',
  file: 'client.c',
  command: './client',
  source: clientSource,
});

/** A server restarted right after the first one stopped: bind() without SO_REUSEADDR, then with it. */
export const restartServer: Program = defineProgram({
  actor: 'server3',
  file: 'restart_server.c',
  command: './restart_server',
  source: restartServerSource,
});

/** EADDRINUSE twice: a port held by a listener, and a port held by a connection in TIME_WAIT. */
export const addrInUse: Lesson = defineLesson({
  id: 'addr-in-use',
  port: 4000,
  programs: [reuseServerFirst, reuseServerSecond, addrInUseClient, restartServer],
  text: { en, ko },
  steps: [
    step(reuseServerFirst, 'socket(', { syscall: 'socket', as: 'server_socket', role: 'listener' }, 'server.socket', {
      ret: 'fd',
      errno: null,
      tcp: 'CLOSED',
    }),
    step(
      reuseServerFirst,
      'setsockopt(',
      { syscall: 'setsockopt', socket: 'server_socket', option: 'SO_REUSEADDR', value: 1 },
      'server.setsockopt',
      { ret: 0, errno: null },
    ),
    step(
      reuseServerFirst,
      'bind(',
      { syscall: 'bind', socket: 'server_socket', host: '127.0.0.1', port: '$port' },
      'server.bind',
      { ret: 0, errno: null, tcp: 'CLOSED' },
    ),
    step(reuseServerFirst, 'listen(', { syscall: 'listen', socket: 'server_socket', backlog: 5 }, 'server.listen', {
      ret: 0,
      errno: null,
      tcp: 'LISTEN',
      table: [{ state: 'LISTEN', fd: true, side: 'server' }],
    }),
    step(reuseServerSecond, 'socket(', { syscall: 'socket', as: 'server_socket', role: 'listener' }, 'server2.socket', {
      ret: 'fd',
      errno: null,
      tcp: 'CLOSED',
    }),
    step(
      reuseServerSecond,
      'setsockopt(',
      { syscall: 'setsockopt', socket: 'server_socket', option: 'SO_REUSEADDR', value: 1 },
      'server2.setsockopt',
      { ret: 0, errno: null },
    ),
    step(
      reuseServerSecond,
      'bind(',
      { syscall: 'bind', socket: 'server_socket', host: '127.0.0.1', port: '$port' },
      'server2.bind',
      { ret: -1, errno: 'EADDRINUSE', tcp: 'CLOSED' },
    ),
    closes(reuseServerSecond, 'server_socket', { say: 'server2.close' }),
    ...clientConnects(addrInUseClient, {
      socket: { say: 'client.socket' },
      connect: { say: 'client.connect', expect: { acceptQueue: 1 } },
    }),
    step(
      reuseServerFirst,
      'accept(',
      { syscall: 'accept', socket: 'server_socket', as: 'client_socket' },
      'server.accept',
      { ret: 'fd', errno: null, blocks: false, tcp: 'ESTABLISHED' },
    ),
    closes(reuseServerFirst, 'client_socket', {
      say: 'server.close',
      expect: { packets: ['FIN,ACK'], table: [{ state: 'CLOSE_WAIT', fd: true, side: 'client' }] },
    }),
    step(addrInUseClient, 'read(', { syscall: 'read', socket: 'sock', size: 1024, into: 'buff' }, 'client.read', {
      ret: 0,
      errno: null,
      tcp: 'CLOSE_WAIT',
      text: '',
    }),
    closes(addrInUseClient, 'sock', {
      say: 'client.close',
      expect: { packets: ['FIN,ACK', 'ACK'], table: [{ state: 'TIME_WAIT', fd: false, side: 'server' }] },
    }),
    closes(reuseServerFirst, 'server_socket', {
      // close(server_socket) is first on bind()'s error path; the server's own close is the second.
      nth: 2,
      say: 'server.close.2',
      expect: { table: [{ state: 'TIME_WAIT', fd: false, side: 'server' }] },
    }),
    step(restartServer, 'socket(', { syscall: 'socket', as: 'server_socket', role: 'listener' }, 'server3.socket', {
      ret: 'fd',
      errno: null,
      tcp: 'CLOSED',
    }),
    step(
      restartServer,
      'bind(',
      { syscall: 'bind', socket: 'server_socket', host: '127.0.0.1', port: '$port' },
      'server3.bind',
      { ret: -1, errno: 'EADDRINUSE', table: [{ state: 'TIME_WAIT', fd: false, side: 'server' }] },
    ),
    step(
      restartServer,
      'setsockopt(',
      { syscall: 'setsockopt', socket: 'server_socket', option: 'SO_REUSEADDR', value: 1 },
      'server3.setsockopt',
      { ret: 0, errno: null },
    ),
    step(
      restartServer,
      ['if (-1 == bind(', 2],
      { syscall: 'bind', socket: 'server_socket', host: '127.0.0.1', port: '$port' },
      'server3.bind.2',
      { ret: 0, errno: null, table: [{ state: 'TIME_WAIT', fd: false, side: 'server' }] },
    ),
    step(restartServer, 'listen(', { syscall: 'listen', socket: 'server_socket', backlog: 5 }, 'server3.listen', {
      ret: 0,
      errno: null,
      tcp: 'LISTEN',
      table: [
        { state: 'LISTEN', fd: true, side: 'server' },
        { state: 'TIME_WAIT', fd: false, side: 'server' },
      ],
    }),
    closes(restartServer, 'server_socket', { say: 'server3.close' }),
  ],
});
