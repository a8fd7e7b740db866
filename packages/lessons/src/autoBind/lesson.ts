import { acceptsOne, closes, step } from '../builders.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson, Program } from '../types.ts';
import anyPortServerSource from './any_port_server.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };
import whereAmISource from './where_am_i.c?raw';

/** A server that never calls bind(): listen() gets a port from the kernel, getsockname() tells which. */
export const autoBindServer: Program = defineProgram({
  actor: 'server',
  file: 'any_port_server.c',
  command: './any_port_server',
  source: anyPortServerSource,
});

/** The seed's client, started with the port the server printed; it asks the kernel which address it got. */
export const autoBindClient: Program = defineProgram({
  actor: 'client',
  file: 'where_am_i.c',
  command: './where_am_i 127.0.0.1 {port}',
  source: whereAmISource,
});

/** listen() or connect() without bind(): the kernel picks an ephemeral port; getsockname() shows it. */
export const autoBind: Lesson = defineLesson({
  id: 'auto-bind',
  port: 0,
  programs: [autoBindServer, autoBindClient],
  text: { en, ko },
  steps: [
    step(autoBindServer, 'socket(', { syscall: 'socket', as: 'server_socket', role: 'listener' }, 'server.socket', {
      ret: 'fd',
      errno: null,
      tcp: 'CLOSED',
    }),
    step(autoBindServer, 'listen(', { syscall: 'listen', socket: 'server_socket', backlog: 5 }, 'server.listen', {
      ret: 0,
      errno: null,
      tcp: 'LISTEN',
      acceptQueue: 0,
    }),
    step(
      autoBindServer,
      'getsockname(',
      { syscall: 'getsockname', socket: 'server_socket', sets: '$port' },
      'server.getsockname',
      { ret: 0, errno: null, ephemeralPort: true, tcp: 'LISTEN' },
    ),
    acceptsOne(autoBindServer),
    step(autoBindClient, 'socket(', { syscall: 'socket', as: 'sock', role: 'client' }, 'client.socket', {
      ret: 'fd',
      errno: null,
      tcp: 'CLOSED',
    }),
    step(autoBindClient, 'getsockname(', { syscall: 'getsockname', socket: 'sock' }, 'client.getsockname', {
      ret: 0,
      errno: null,
      ephemeralPort: false,
    }),
    step(
      autoBindClient,
      ['connect(', 2],
      { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      'client.connect',
      { ret: 0, errno: null, tcp: 'ESTABLISHED', packets: ['SYN', 'SYN,ACK', 'ACK'] },
    ),
    step(autoBindClient, ['getsockname(', 2], { syscall: 'getsockname', socket: 'sock' }, 'client.getsockname.2', {
      ret: 0,
      errno: null,
      ephemeralPort: true,
    }),
    step(autoBindClient, 'getpeername(', { syscall: 'getpeername', socket: 'sock' }, 'client.getpeername', {
      ret: 0,
      errno: null,
      ephemeralPort: false,
    }),
    closes(autoBindClient, 'sock', {
      say: 'client.close',
      expect: { packets: ['FIN,ACK'], table: [{ state: 'CLOSE_WAIT', fd: true, side: 'server' }] },
    }),
    closes(autoBindServer, 'client_socket', { say: 'builders.serverCloses', expect: { packets: ['FIN,ACK', 'ACK'] } }),
    closes(autoBindServer, 'server_socket'),
  ],
});
