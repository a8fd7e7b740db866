import { acceptsOne, clientsConnect, closes, serverSetup } from '../builders.ts';
import { held, nth, pshAck, type ReadBuffer, reads, writes } from '../calls.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson, Program } from '../types.ts';
import clientSource from './client.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };
import threeServerSource from './three_server.c?raw';

/** A server that accepts three clients, closes its listener, and serves them in turn. */
export const multiServer = defineProgram({ actor: 'server', file: 'three_server.c', source: threeServerSource });

/** The three clients, `client1` … `client3`. */
export const multiClients: readonly Program[] = [1, 2, 3].map((n) =>
  defineProgram({
    actor: `client${n}`,
    file: 'client.c',
    command: `./client "I am client ${n}"`,
    source: clientSource,
  }),
);
const client = (n: number): Program => multiClients[n - 1]!;
/** The server's socket of client `n`'s connection. */
const conn = (n: number) => `client_socket[${n - 1}]`;

const received: ReadBuffer = { size: 1024, into: 'buff_rcv', assigns: 'str_len' };
const reply: ReadBuffer = { size: 1023, into: 'buff', assigns: 'str_len', print: '%s\n' };

/** Client `n` sends its command line's message. */
const says = (n: number) =>
  writes(client(n), 'sock', `I am client ${n}`, `client${n}.write`, { ret: 13, packets: pshAck });

/** The server reads client `n`'s message from that client's socket. */
const hears = (n: number, blocks: boolean) =>
  reads(multiServer, conn(n), received, nth('server.read', n), { ret: 13, blocks, text: `I am client ${n}` });

/** The server answers "%d : %s" on client `n`'s socket, and client `n` reads and prints it. */
const answers = (n: number) => [
  writes(multiServer, conn(n), { sprintf: '%d : %s', from: 'buff_rcv' }, nth('server.write', n), {
    ret: 18,
    packets: pshAck,
  }),
  reads(client(n), 'sock', reply, `client${n}.read`, { ret: 18, text: `13 : I am client ${n}` }),
];

/** One listener, three clients, one socket per connection; the listener can close while they talk. */
export const multiClient: Lesson = defineLesson({
  id: 'multi-client',
  programs: [multiServer, ...multiClients],
  text: { en, ko },
  steps: [
    ...serverSetup(multiServer, { listen: { say: 'server.listen' } }),
    ...clientsConnect(multiClients),
    ...[1, 2, 3].map((n) =>
      acceptsOne(multiServer, {
        as: conn(n),
        queued: true,
        say: nth('server.accept', n),
        expect: { acceptQueue: 3 - n },
      }),
    ),
    closes(multiServer, 'server_socket', { say: 'server.close', expect: { table: [held('ESTABLISHED', 'server')] } }),
    says(2),
    hears(1, true),
    says(1),
    ...answers(1),
    hears(2, false),
    ...answers(2),
    says(3),
    hears(3, false),
    ...answers(3),
    ...[1, 2, 3].flatMap((n) => [
      closes(client(n), 'sock', { say: `client${n}.close`, expect: { packets: ['FIN,ACK'] } }),
      closes(multiServer, conn(n), {
        at: ['close(', 2],
        say: `server.close.${n + 1}`,
        expect: { packets: ['FIN,ACK', 'ACK'] },
      }),
    ]),
  ],
});
