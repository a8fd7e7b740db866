import { acceptsOne, clientConnects, closes, serverSetup } from '../builders.ts';
import { held, reads, writes } from '../calls.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson } from '../types.ts';
import hangUpServerSource from './hang_up_server.c?raw';
import stubbornSource from './stubborn.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** A server that accepts and hangs up at once. */
export const hangUpServer = defineProgram({ actor: 'server', file: 'hang_up_server.c', source: hangUpServerSource });

/** A client that keeps writing to a peer that is gone, and survives thanks to MSG_NOSIGNAL. */
export const stubbornClient = defineProgram({ actor: 'client', file: 'stubborn.c', source: stubbornSource });

/** Writing after the peer closed: the first write succeeds and draws an RST, the next fails with EPIPE. */
export const epipe: Lesson = defineLesson({
  id: 'epipe',
  programs: [hangUpServer, stubbornClient],
  text: { en, ko },
  steps: [
    ...serverSetup(hangUpServer),
    acceptsOne(hangUpServer),
    ...clientConnects(stubbornClient, { connect: { say: 'client.connect' } }),
    closes(hangUpServer, 'client_socket', {
      say: 'server.close',
      expect: { packets: ['FIN,ACK'], table: [held('CLOSE_WAIT', 'client')] },
    }),
    writes(
      stubbornClient,
      'sock',
      'Are you there?',
      'client.write',
      {
        ret: 14,
        tcp: 'CLOSED',
        packets: ['PSH,ACK', 'RST'],
      },
      { at: 'send(' },
    ),
    writes(
      stubbornClient,
      'sock',
      'Hello?',
      'client.write.2',
      { ret: -1, errno: 'EPIPE', tcp: 'CLOSED' },
      { at: ['send(', 2] },
    ),
    reads(stubbornClient, 'sock', { size: 1024, into: 'buff' }, 'client.read', { ret: 0, text: '' }),
    closes(stubbornClient, 'sock'),
    closes(hangUpServer, 'server_socket'),
  ],
});
