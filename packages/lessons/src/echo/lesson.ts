import { acceptsOne, clientConnects, closesBoth, serverSetup } from '../builders.ts';
import { held, pshAck, type ReadBuffer, reads, writes } from '../calls.ts';
import { seedCorrections } from '../corrections/corrections.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson } from '../types.ts';
import echoClientSource from './echo_client.c?raw';
import echoServerSource from './echo_server.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** The message the echo client sends as argv[1]. */
export const echoMessage = 'Hello, socket';

/** The seed's server fragments (socket … read, sprintf, write … close) as one echo server. */
export const echoServer = defineProgram({ actor: 'server', file: 'echo_server.c', source: echoServerSource });

/** The seed's client fragments as one echo client; the message is argv[1]. */
export const echoClient = defineProgram({
  actor: 'client',
  file: 'echo_client.c',
  command: './echo_client "Hello, socket"',
  source: echoClientSource,
});

const serverBuffer: ReadBuffer = { size: 1024, into: 'buff_rcv' };
const clientBuffer: ReadBuffer = { size: 1024, into: 'buff', print: '%s\n' };
const answer = { sprintf: '%d : %s', from: 'buff_rcv' } as const;

/** The seed's server fragment: read a message, answer "%d : %s" (length : message). */
export const echo: Lesson = defineLesson({
  id: 'echo',
  programs: [echoServer, echoClient],
  corrections: seedCorrections,
  text: { en, ko },
  steps: [
    ...serverSetup(echoServer, {
      socket: { say: 'server.socket' },
      bind: { say: 'server.bind' },
      listen: { say: 'server.listen', expect: { table: [held('LISTEN', 'server')] } },
    }),
    acceptsOne(echoServer, { say: 'server.accept' }),
    ...clientConnects(echoClient, { as: 'client_socket', connect: { say: 'client.connect' } }),
    reads(echoServer, 'client_socket', serverBuffer, 'server.read', {
      ret: 14,
      blocks: true,
      text: 'Hello, socket\\0',
    }),
    writes(echoClient, 'client_socket', { text: echoMessage, nul: true }, 'client.write', { ret: 14, packets: pshAck }),
    writes(echoServer, 'client_socket', { ...answer, nul: true }, 'server.write', { ret: 19, packets: pshAck }),
    reads(echoClient, 'client_socket', clientBuffer, 'client.read', { ret: 19, text: '13 : Hello, socket\\0' }),
    ...closesBoth(echoServer, echoClient, {
      clientSocket: 'client_socket',
      conn: { say: 'server.close' },
      listener: { say: 'server.close.2' },
    }),
  ],
});
