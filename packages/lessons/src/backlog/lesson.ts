import { acceptsOne, clientsConnect, closes, serverSetup } from '../builders.ts';
import { connects, held, nth, opens, orphan } from '../calls.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Expectation, Lesson, Program } from '../types.ts';
import busyServerSource from './busy_server.c?raw';
import clientSource from './client.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** A server with backlog 1 that is busy before it accepts anyone. */
// The queue is full again (backlog + 1), and one connection comes off it.
const refilled = { waitUntil: { acceptQueue: 2 }, checkQueue: false } as const;

export const backlogServer = defineProgram({ actor: 'server', file: 'busy_server.c', source: busyServerSource });

/** The four clients, `client1` … `client4`. */
export const backlogClients: readonly Program[] = [1, 2, 3, 4].map((n) =>
  defineProgram({ actor: `client${n}`, file: 'client.c', source: clientSource }),
);
const client = (n: number): Program => backlogClients[n - 1]!;
/** The server's socket of client `n`'s connection. */
const conn = (n: number) => `client_socket[${n - 1}]`;

/** A connect() beyond backlog + 1: the SYN is dropped and sent again (after 1 s) until there is room. */
const waitsForRoom: Expectation = {
  ret: 0,
  blocks: true,
  whileBlocked: { tcp: 'SYN_SENT', acceptQueue: 2 },
  tcp: 'ESTABLISHED',
  packets: ['SYN', 'SYN', 'SYN,ACK'],
};
/** The FIN of a close() and the peer's ACK of it. */
const finAcked = ['FIN,ACK', 'ACK'];

/** listen(fd, 1) and four clients: backlog + 1 connections complete, the others retransmit their SYN. */
export const backlog: Lesson = defineLesson({
  id: 'backlog',
  programs: [backlogServer, ...backlogClients],
  text: { en, ko },
  steps: [
    ...serverSetup(backlogServer, {
      backlog: 1,
      listen: { say: 'server.listen', expect: { table: [held('LISTEN', 'server')] } },
    }),
    ...clientsConnect([client(1), client(2)]),
    opens(client(3), 'sock', 'client', 'client3.socket'),
    connects(client(3), 'client3.connect', waitsForRoom),
    opens(client(4), 'sock', 'client', 'client4.socket', { table: [held('SYN_SENT', 'client')] }),
    connects(client(4), 'client4.connect', waitsForRoom),
    // Right after an accept() the queue's length is not checked while clients still wait: a
    // retransmitted SYN may take the freed place at any moment (their timers, not the user's pace).
    acceptsOne(backlogServer, { as: conn(1), nth: 2, queued: true, say: 'server.accept', checkQueue: false }),
    // Each accept() frees a place that a waiting client takes at its next SYN retransmission: the
    // next accept() first waits for that (the client's own timer), whatever the pace of the clicks.
    acceptsOne(backlogServer, { as: conn(2), nth: 2, queued: true, say: 'server.accept.2', ...refilled }),
    acceptsOne(backlogServer, { as: conn(3), nth: 2, queued: true, say: 'server.accept.3', ...refilled }),
    acceptsOne(backlogServer, { as: conn(4), nth: 2, queued: true, say: 'server.accept.4' }),
    ...[1, 2, 3, 4].map((n) =>
      closes(backlogServer, conn(n), {
        at: 'close(',
        say: nth('server.close', n),
        expect: { packets: ['FIN,ACK'] },
        ...(n === 1 ? { wait: true as const } : {}),
      }),
    ),
    closes(backlogServer, 'server_socket'),
    closes(client(3), 'sock', { say: 'client3.close', expect: { packets: finAcked }, wait: true }),
    closes(client(4), 'sock', { say: 'client4.close', expect: { packets: finAcked }, wait: true }),
    closes(client(1), 'sock', { say: 'client1.close', expect: { packets: finAcked } }),
    closes(client(2), 'sock', {
      say: 'client2.close',
      expect: { packets: finAcked, table: [orphan('TIME_WAIT', 'server')] },
    }),
  ],
});
