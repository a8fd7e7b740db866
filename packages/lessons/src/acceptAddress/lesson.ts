import { acceptsOne, clientConnects, closes, serverSetup } from '../builders.ts';
import { asksAddress, held, orphan } from '../calls.ts';
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

/** accept() fills in who connected: the same address, a different ephemeral port for each client. */
export const acceptAddress: Lesson = defineLesson({
  id: 'accept-address',
  programs: [whoServer, ...whoClients],
  text: { en, ko },
  steps: [
    ...serverSetup(whoServer),
    acceptsOne(whoServer, { say: 'server.accept' }),
    ...clientConnects(client(1), {
      socket: { say: 'builders.firstClientSocket' },
      connect: { say: 'client1.connect' },
    }),
    asksAddress(whoServer, 'getpeername', 'client_socket', 'server.getpeername', chosenPort),
    asksAddress(client(1), 'getsockname', 'sock', 'client1.getsockname', chosenPort),
    closes(whoServer, 'client_socket', {
      say: 'server.close',
      expect: { packets: ['FIN,ACK'], table: [held('CLOSE_WAIT', 'client')] },
    }),
    closes(client(1), 'sock', {
      say: 'client1.close',
      expect: { packets: ['FIN,ACK', 'ACK'], table: [orphan('TIME_WAIT', 'server')] },
    }),
    acceptsOne(whoServer, { say: 'server.accept.2' }),
    ...clientConnects(client(2), {
      socket: { say: 'builders.secondClientSocket' },
      connect: { say: 'client2.connect' },
    }),
    asksAddress(whoServer, 'getpeername', 'client_socket', 'server.getpeername.2', chosenPort),
    asksAddress(client(2), 'getsockname', 'sock', 'client2.getsockname', chosenPort),
    closes(whoServer, 'client_socket', { say: 'server.close.2', expect: { packets: ['FIN,ACK'] } }),
    closes(client(2), 'sock', { say: 'client2.close', expect: { packets: ['FIN,ACK', 'ACK'] } }),
    closes(whoServer, 'server_socket'),
  ],
});
