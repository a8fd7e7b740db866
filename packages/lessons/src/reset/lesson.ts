import { acceptsOne, clientConnects, closes, serverSetup, step } from '../builders.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson, Program } from '../types.ts';
import askSource from './ask.c?raw';
import impatientServerSource from './impatient_server.c?raw';
import slamSource from './slam.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** A server that reads from its first client and hangs up on its second without reading. */
export const resetServer: Program = defineProgram({
  actor: 'server',
  file: 'impatient_server.c',
  command: './impatient_server',
  source: impatientServerSource,
});

/** A client that slams the door: SO_LINGER {1, 0}, then close(). */
export const lingerClient: Program = defineProgram({
  actor: 'client1',
  file: 'slam.c',
  command: './slam',
  source: slamSource,
});

/** A client that sends a question and waits for an answer. */
export const askingClient: Program = defineProgram({
  actor: 'client2',
  file: 'ask.c',
  command: './ask',
  source: askSource,
});

/** RST instead of FIN: SO_LINGER {1, 0}, and close() with unread data; the peer's read() gets ECONNRESET. */
export const reset: Lesson = defineLesson({
  id: 'reset',
  port: 4000,
  programs: [resetServer, lingerClient, askingClient],
  text: { en, ko },
  steps: [
    ...serverSetup(resetServer),
    ...clientConnects(lingerClient, {
      socket: { say: 'builders.firstClientSocket' },
      connect: { expect: { acceptQueue: 1 } },
    }),
    acceptsOne(resetServer, { queued: true, say: 'builders.acceptFirst' }),
    step(resetServer, 'read(', { syscall: 'read', socket: 'client_socket', size: 1024, into: 'buff' }, 'server.read', {
      ret: -1,
      errno: 'ECONNRESET',
      blocks: true,
      tcp: 'CLOSED',
    }),
    step(
      lingerClient,
      'setsockopt(',
      { syscall: 'setsockopt', socket: 'sock', option: 'SO_LINGER', value: 0 },
      'client1.setsockopt',
      { ret: 0, errno: null },
    ),
    closes(lingerClient, 'sock', { say: 'client1.close', expect: { packets: ['RST,ACK'] } }),
    closes(resetServer, 'client_socket', { say: 'server.close' }),
    ...clientConnects(askingClient, {
      socket: { say: 'builders.secondClientSocket' },
      connect: { expect: { acceptQueue: 1 } },
    }),
    acceptsOne(resetServer, { nth: 2, queued: true, say: 'builders.acceptSecond' }),
    step(
      askingClient,
      'write(',
      { syscall: 'write', socket: 'sock', data: { text: 'Are you listening?' } },
      'client2.write',
      { ret: 18, errno: null, packets: ['PSH,ACK'] },
    ),
    step(askingClient, 'read(', { syscall: 'read', socket: 'sock', size: 1023, into: 'buff' }, 'client2.read', {
      ret: -1,
      errno: 'ECONNRESET',
      blocks: true,
      tcp: 'CLOSED',
    }),
    closes(resetServer, 'client_socket', { nth: 2, say: 'server.close.2', expect: { packets: ['RST,ACK'] } }),
    closes(askingClient, 'sock', { say: 'client2.close' }),
    closes(resetServer, 'server_socket'),
  ],
});
