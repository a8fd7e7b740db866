import { acceptsOne, clientConnects, closes, serverSetup, step } from '../builders.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson, Program } from '../types.ts';
import askAndListenSource from './ask_and_listen.c?raw';
import countServerSource from './count_server.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** What the client sends before it shuts its sending side. */
export const question = 'How long is this?';

/** A server that reads until end of stream, then answers "%d : %s". */
export const halfCloseServer: Program = defineProgram({
  actor: 'server',
  file: 'count_server.c',
  command: './count_server',
  source: countServerSource,
});

/** A client that sends its question, shuts its sending side, and reads the answer to the end. */
export const halfCloseClient: Program = defineProgram({
  actor: 'client',
  file: 'ask_and_listen.c',
  command: './ask_and_listen',
  source: askAndListenSource,
});

/** shutdown(SHUT_WR) closes one direction: the peer reads end of stream and can still answer. */
export const halfClose: Lesson = defineLesson({
  id: 'half-close',
  port: 4000,
  programs: [halfCloseServer, halfCloseClient],
  text: { en, ko },
  steps: [
    ...serverSetup(halfCloseServer),
    acceptsOne(halfCloseServer),
    ...clientConnects(halfCloseClient, { connect: { say: 'builders.connectedWakes' } }),
    step(
      halfCloseServer,
      ['read(', 2],
      { syscall: 'read', socket: 'client_socket', size: 1024, into: 'buff_rcv' },
      'server.read',
      { ret: 17, errno: null, blocks: true, text: 'How long is this?' },
    ),
    step(
      halfCloseClient,
      'write(',
      { syscall: 'write', socket: 'sock', data: { text: 'How long is this?' } },
      'client.write',
      { ret: 17, errno: null, packets: ['PSH,ACK'] },
    ),
    step(
      halfCloseServer,
      ['read(', 2],
      { syscall: 'read', socket: 'client_socket', size: 1007, into: 'buff_rcv + total' },
      'server.read.2',
      { ret: 0, errno: null, blocks: true, tcp: 'CLOSE_WAIT', text: '' },
    ),
    step(halfCloseClient, 'shutdown(', { syscall: 'shutdown', socket: 'sock', how: 'SHUT_WR' }, 'client.shutdown', {
      ret: 0,
      errno: null,
      packets: ['FIN,ACK'],
      table: [{ state: 'CLOSE_WAIT', fd: true, side: 'server' }],
    }),
    step(
      halfCloseServer,
      'write(',
      { syscall: 'write', socket: 'client_socket', data: { sprintf: '%d : %s', from: 'buff_rcv' } },
      'server.write',
      {
        ret: 22,
        errno: null,
        tcp: 'CLOSE_WAIT',
        packets: ['PSH,ACK'],
        table: [
          { state: 'FIN_WAIT_2', fd: true, side: 'client' },
          { state: 'CLOSE_WAIT', fd: true, side: 'server' },
        ],
      },
    ),
    step(
      halfCloseClient,
      'read(',
      { syscall: 'read', socket: 'sock', size: 1023, into: 'buff', print: '%s\n' },
      'client.read',
      { ret: 22, errno: null, tcp: 'FIN_WAIT_2', text: '17 : How long is this?' },
    ),
    closes(halfCloseServer, 'client_socket', {
      say: 'server.close',
      expect: { packets: ['FIN,ACK', 'ACK'], table: [{ state: 'TIME_WAIT', fd: false, side: 'client' }] },
    }),
    step(halfCloseClient, 'read(', { syscall: 'read', socket: 'sock', size: 1023, into: 'buff' }, 'client.read.2', {
      ret: 0,
      errno: null,
      tcp: 'CLOSED',
      text: '',
    }),
    closes(halfCloseClient, 'sock', {
      say: 'client.close',
      expect: { table: [{ state: 'TIME_WAIT', fd: false, side: 'client' }] },
    }),
    closes(halfCloseServer, 'server_socket'),
  ],
});
