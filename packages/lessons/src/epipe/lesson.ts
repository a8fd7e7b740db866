import { acceptsOne, clientConnects, closes, serverSetup, step } from '../builders.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson, Program } from '../types.ts';
import hangUpServerSource from './hang_up_server.c?raw';
import stubbornSource from './stubborn.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** A server that accepts and hangs up at once. */
export const hangUpServer: Program = defineProgram({
  actor: 'server',
  file: 'hang_up_server.c',
  command: './hang_up_server',
  source: hangUpServerSource,
});

/** A client that keeps writing to a peer that is gone, and survives thanks to MSG_NOSIGNAL. */
export const stubbornClient: Program = defineProgram({
  actor: 'client',
  file: 'stubborn.c',
  command: './stubborn',
  source: stubbornSource,
});

/** Writing after the peer closed: the first write succeeds and draws an RST, the next fails with EPIPE. */
export const epipe: Lesson = defineLesson({
  id: 'epipe',
  port: 4000,
  programs: [hangUpServer, stubbornClient],
  text: { en, ko },
  steps: [
    ...serverSetup(hangUpServer),
    acceptsOne(hangUpServer),
    ...clientConnects(stubbornClient, { connect: { say: 'client.connect' } }),
    closes(hangUpServer, 'client_socket', {
      say: 'server.close',
      expect: { packets: ['FIN,ACK'], table: [{ state: 'CLOSE_WAIT', fd: true, side: 'client' }] },
    }),
    step(
      stubbornClient,
      'send(',
      { syscall: 'write', socket: 'sock', data: { text: 'Are you there?' } },
      'client.write',
      { ret: 14, errno: null, tcp: 'CLOSED', packets: ['PSH,ACK', 'RST'] },
    ),
    step(
      stubbornClient,
      ['send(', 2],
      { syscall: 'write', socket: 'sock', data: { text: 'Hello?' } },
      'client.write.2',
      { ret: -1, errno: 'EPIPE', tcp: 'CLOSED' },
    ),
    step(stubbornClient, 'read(', { syscall: 'read', socket: 'sock', size: 1024, into: 'buff' }, 'client.read', {
      ret: 0,
      errno: null,
      text: '',
    }),
    closes(stubbornClient, 'sock'),
    closes(hangUpServer, 'server_socket'),
  ],
});
