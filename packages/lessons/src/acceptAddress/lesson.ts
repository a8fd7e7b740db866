import { acceptsOne, clientConnects, closes, serverSetup } from '../builders.ts';
import { asksAddress, held, nth, orphan } from '../calls.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson, Program } from '../types.ts';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };
import whoAmISource from './who_am_i.c?raw';
import whoServerSource from './who_server.c?raw';

/** The seed's server, accepting two clients in turn and printing each one's address from `client_addr`. */
export const whoServer = defineProgram({ actor: 'server', file: 'who_server.c', source: whoServerSource });

/** The two clients, `client1` and `client2`: connect without bind(), print the address the kernel chose. */
export const whoClients: readonly Program[] = [1, 2].map((n) =>
  defineProgram({ actor: `client${n}`, file: 'who_am_i.c', source: whoAmISource }),
);
const client = (n: number): Program => whoClients[n - 1]!;

/** The client's port, seen from either end: one the kernel chose (ephemeral). */
const chosenPort = { ephemeralPort: true } as const;

/** Client `n`'s turn: accept() waits, the client connects, both ends name the client's address, both close. */
const turn = (n: number) => [
  acceptsOne(whoServer, { say: nth('server.accept', n) }),
  ...clientConnects(client(n), { socket: { say: `client${n}.socket` }, connect: { say: `client${n}.connect` } }),
  asksAddress(whoServer, 'getpeername', 'client_socket', nth('server.getpeername', n), chosenPort),
  asksAddress(client(n), 'getsockname', 'sock', `client${n}.getsockname`, chosenPort),
  closes(whoServer, 'client_socket', {
    say: nth('server.close', n),
    expect: { packets: ['FIN,ACK'], table: [held('CLOSE_WAIT', 'client')] },
  }),
  closes(client(n), 'sock', {
    say: `client${n}.close`,
    expect: { packets: ['FIN,ACK', 'ACK'], table: [orphan('TIME_WAIT', 'server')] },
  }),
];

/** accept() fills in who connected: the same address, a different ephemeral port for each client. */
export const acceptAddress: Lesson = defineLesson({
  id: 'accept-address',
  programs: [whoServer, ...whoClients],
  text: { en, ko },
  steps: [...serverSetup(whoServer), ...turn(1), ...turn(2), closes(whoServer, 'server_socket')],
});
