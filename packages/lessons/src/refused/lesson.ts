import { acceptsOne, clientConnects, closes } from '../builders.ts';
import { binds, connects, held, listens, opens } from '../calls.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Expectation, Lesson } from '../types.ts';
import boundServerSource from './bound_server.c?raw';
import knockKnockSource from './knock_knock.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** A server that binds its port and only later listens. */
export const boundServer = defineProgram({ actor: 'server', file: 'bound_server.c', source: boundServerSource });

/** A client that knocks three times: before the server exists, while it is only bound, once it listens. */
export const refusedClient = defineProgram({ actor: 'client', file: 'knock_knock.c', source: knockKnockSource });

/** The kernel answers the SYN with RST: nobody listens on the port. */
const refusedBy: Expectation = { ret: -1, errno: 'ECONNREFUSED', tcp: 'CLOSED', packets: ['SYN', 'RST,ACK'] };
/** The server's socket, bound but not listening: a row in the table, and still CLOSED. */
const bound = held('CLOSED', 'server');

/** connect() to a port nobody listens on: the kernel answers the SYN with RST, and connect() fails with ECONNREFUSED. */
export const refused: Lesson = defineLesson({
  id: 'refused',
  programs: [boundServer, refusedClient],
  text: { en, ko },
  steps: [
    opens(refusedClient, 'sock', 'client', 'client.socket'),
    connects(refusedClient, 'client.connect', refusedBy),
    closes(refusedClient, 'sock', { say: 'client.close' }),
    opens(boundServer, 'server_socket', 'listener', 'server.socket'),
    binds(boundServer, 'server.bind', { tcp: 'CLOSED', table: [bound] }),
    opens(refusedClient, 'sock', 'client', 'client.socket.2', {}, { nth: 2 }),
    connects(refusedClient, 'client.connect.2', { ...refusedBy, table: [bound] }, { nth: 2 }),
    closes(refusedClient, 'sock', { nth: 2, say: 'client.close.2' }),
    listens(boundServer, 'server.listen', { acceptQueue: 0, table: [held('LISTEN', 'server')] }),
    ...clientConnects(refusedClient, {
      nth: 3,
      socket: { say: 'client.socket.3' },
      connect: { say: 'client.connect.3', expect: { acceptQueue: 1 } },
    }),
    acceptsOne(boundServer, { queued: true, say: 'server.accept' }),
    closes(refusedClient, 'sock', {
      nth: 3,
      say: 'client.close.3',
      expect: { packets: ['FIN,ACK'], table: [held('CLOSE_WAIT', 'server')] },
    }),
    closes(boundServer, 'client_socket', { say: 'server.close', expect: { packets: ['FIN,ACK', 'ACK'] } }),
    closes(boundServer, 'server_socket', { say: 'server.close.2' }),
  ],
});
