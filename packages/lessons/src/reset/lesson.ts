import { acceptsOne, clientConnects, closes, serverSetup } from '../builders.ts';
import { pshAck, reads, setsOption, writes } from '../calls.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Expectation, Lesson } from '../types.ts';
import askSource from './ask.c?raw';
import impatientServerSource from './impatient_server.c?raw';
import slamSource from './slam.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** A server that reads from its first client and hangs up on its second without reading. */
export const resetServer = defineProgram({
  actor: 'server',
  file: 'impatient_server.c',
  source: impatientServerSource,
});

/** A client that slams the door: SO_LINGER {1, 0}, then close(). */
export const lingerClient = defineProgram({ actor: 'client1', file: 'slam.c', source: slamSource });

/** A client that sends a question and waits for an answer. */
export const askingClient = defineProgram({ actor: 'client2', file: 'ask.c', source: askSource });

/** A read() that waits and is woken by the peer's RST. */
const resetBy: Expectation = { ret: -1, errno: 'ECONNRESET', blocks: true, tcp: 'CLOSED' };

/** RST instead of FIN: SO_LINGER {1, 0}, and close() with unread data; the peer's read() gets ECONNRESET. */
export const reset: Lesson = defineLesson({
  id: 'reset',
  programs: [resetServer, lingerClient, askingClient],
  text: { en, ko },
  steps: [
    ...serverSetup(resetServer),
    ...clientConnects(lingerClient, {
      socket: { say: 'builders.firstClientSocket' },
      connect: { expect: { acceptQueue: 1 } },
    }),
    acceptsOne(resetServer, { queued: true, say: 'builders.acceptFirst' }),
    reads(resetServer, 'client_socket', { size: 1024, into: 'buff', assigns: 'str_len' }, 'server.read', resetBy),
    setsOption(lingerClient, 'sock', 'SO_LINGER', 0, 'client1.setsockopt'),
    closes(lingerClient, 'sock', { say: 'client1.close', expect: { packets: ['RST,ACK'] } }),
    closes(resetServer, 'client_socket', { say: 'server.close' }),
    ...clientConnects(askingClient, {
      socket: { say: 'builders.secondClientSocket' },
      connect: { expect: { acceptQueue: 1 } },
    }),
    acceptsOne(resetServer, { nth: 2, queued: true, say: 'builders.acceptSecond' }),
    writes(askingClient, 'sock', 'Are you listening?', 'client2.write', { ret: 18, packets: pshAck }),
    reads(askingClient, 'sock', { size: 1023, into: 'buff', assigns: 'str_len' }, 'client2.read', resetBy),
    closes(resetServer, 'client_socket', { nth: 2, say: 'server.close.2', expect: { packets: ['RST,ACK'] } }),
    closes(askingClient, 'sock', { say: 'client2.close' }),
    closes(resetServer, 'server_socket'),
  ],
});
