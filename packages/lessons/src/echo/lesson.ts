import { acceptsOne, clientConnects, closesBoth, serverSetup, step } from '../builders.ts';
import { seedCorrections } from '../corrections/corrections.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson, Program } from '../types.ts';
import echoClientSource from './echo_client.c?raw';
import echoServerSource from './echo_server.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** The message the echo client sends as argv[1]. */
export const echoMessage = 'Hello, socket';

/** The seed's server fragments (socket … read, sprintf, write … close) as one echo server. */
export const echoServer: Program = defineProgram({
  actor: 'server',
  file: 'echo_server.c',
  command: './echo_server',
  source: echoServerSource,
});

/** The seed's client fragments as one echo client; the message is argv[1]. */
export const echoClient: Program = defineProgram({
  actor: 'client',
  file: 'echo_client.c',
  command: './echo_client "Hello, socket"',
  source: echoClientSource,
});

/** The seed's server fragment: read a message, answer "%d : %s" (length : message). */
export const echo: Lesson = defineLesson({
  id: 'echo',
  port: 4000,
  programs: [echoServer, echoClient],
  corrections: seedCorrections,
  text: { en, ko },
  steps: [
    ...serverSetup(echoServer, {
      socket: { say: 'server.socket' },
      bind: { say: 'server.bind' },
      listen: { say: 'server.listen', expect: { table: [{ state: 'LISTEN', fd: true, side: 'server' }] } },
    }),
    acceptsOne(echoServer, { say: 'server.accept' }),
    ...clientConnects(echoClient, { as: 'client_socket', connect: { say: 'client.connect' } }),
    step(
      echoServer,
      'read(',
      { syscall: 'read', socket: 'client_socket', size: 1024, into: 'buff_rcv' },
      'server.read',
      { ret: 14, errno: null, blocks: true, text: 'Hello, socket\\0' },
    ),
    step(
      echoClient,
      'write(',
      { syscall: 'write', socket: 'client_socket', data: { text: 'Hello, socket', nul: true } },
      'client.write',
      { ret: 14, errno: null, packets: ['PSH,ACK'] },
    ),
    step(
      echoServer,
      'write(',
      { syscall: 'write', socket: 'client_socket', data: { sprintf: '%d : %s', from: 'buff_rcv', nul: true } },
      'server.write',
      { ret: 19, errno: null, packets: ['PSH,ACK'] },
    ),
    step(
      echoClient,
      'read(',
      { syscall: 'read', socket: 'client_socket', size: 1024, into: 'buff', print: '%s\n' },
      'client.read',
      { ret: 19, errno: null, text: '13 : Hello, socket\\0' },
    ),
    ...closesBoth(echoServer, echoClient, {
      clientSocket: 'client_socket',
      conn: { say: 'server.close' },
      listener: { say: 'server.close.2' },
    }),
  ],
});
