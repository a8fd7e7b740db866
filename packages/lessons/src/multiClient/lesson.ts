import { acceptsOne, clientConnects, closes, serverSetup, step } from '../builders.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson, Program } from '../types.ts';
import clientSource from './client.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };
import threeServerSource from './three_server.c?raw';

/** A server that accepts three clients, closes its listener, and serves them in turn. */
export const multiServer: Program = defineProgram({
  actor: 'server',
  file: 'three_server.c',
  command: './three_server',
  source: threeServerSource,
});

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

/** One listener, three clients, one socket per connection; the listener can close while they talk. */
export const multiClient: Lesson = defineLesson({
  id: 'multi-client',
  port: 4000,
  programs: [multiServer, ...multiClients],
  text: { en, ko },
  steps: [
    ...serverSetup(multiServer, { listen: { say: 'server.listen' } }),
    ...clientConnects(client(1), {
      socket: { say: 'client1.socket' },
      connect: { say: 'client1.connect', expect: { acceptQueue: 1 } },
    }),
    ...clientConnects(client(2), {
      socket: { say: 'client2.socket' },
      connect: { say: 'client2.connect', expect: { acceptQueue: 2 } },
    }),
    ...clientConnects(client(3), {
      socket: { say: 'client3.socket' },
      connect: { say: 'client3.connect', expect: { acceptQueue: 3 } },
    }),
    step(
      multiServer,
      'accept(',
      { syscall: 'accept', socket: 'server_socket', as: 'client_socket[0]' },
      'server.accept',
      { ret: 'fd', errno: null, blocks: false, tcp: 'ESTABLISHED', acceptQueue: 2 },
    ),
    step(
      multiServer,
      'accept(',
      { syscall: 'accept', socket: 'server_socket', as: 'client_socket[1]' },
      'server.accept.2',
      { ret: 'fd', errno: null, blocks: false, tcp: 'ESTABLISHED', acceptQueue: 1 },
    ),
    acceptsOne(multiServer, { as: 'client_socket[2]', queued: true, say: 'server.accept.3' }),
    closes(multiServer, 'server_socket', {
      say: 'server.close',
      expect: { table: [{ state: 'ESTABLISHED', fd: true, side: 'server' }] },
    }),
    step(client(2), 'write(', { syscall: 'write', socket: 'sock', data: { text: 'I am client 2' } }, 'client2.write', {
      ret: 13,
      errno: null,
      packets: ['PSH,ACK'],
    }),
    step(
      multiServer,
      'read(',
      { syscall: 'read', socket: 'client_socket[0]', size: 1024, into: 'buff_rcv' },
      'server.read',
      { ret: 13, errno: null, blocks: true, text: 'I am client 1' },
    ),
    step(client(1), 'write(', { syscall: 'write', socket: 'sock', data: { text: 'I am client 1' } }, 'client1.write', {
      ret: 13,
      errno: null,
      packets: ['PSH,ACK'],
    }),
    step(
      multiServer,
      'write(',
      { syscall: 'write', socket: 'client_socket[0]', data: { sprintf: '%d : %s', from: 'buff_rcv' } },
      'server.write',
      { ret: 18, errno: null, packets: ['PSH,ACK'] },
    ),
    step(
      client(1),
      'read(',
      { syscall: 'read', socket: 'sock', size: 1023, into: 'buff', print: '%s\n' },
      'client1.read',
      { ret: 18, errno: null, text: '13 : I am client 1' },
    ),
    step(
      multiServer,
      'read(',
      { syscall: 'read', socket: 'client_socket[1]', size: 1024, into: 'buff_rcv' },
      'server.read.2',
      { ret: 13, errno: null, blocks: false, text: 'I am client 2' },
    ),
    step(
      multiServer,
      'write(',
      { syscall: 'write', socket: 'client_socket[1]', data: { sprintf: '%d : %s', from: 'buff_rcv' } },
      'server.write.2',
      { ret: 18, errno: null, packets: ['PSH,ACK'] },
    ),
    step(
      client(2),
      'read(',
      { syscall: 'read', socket: 'sock', size: 1023, into: 'buff', print: '%s\n' },
      'client2.read',
      { ret: 18, errno: null, text: '13 : I am client 2' },
    ),
    step(client(3), 'write(', { syscall: 'write', socket: 'sock', data: { text: 'I am client 3' } }, 'client3.write', {
      ret: 13,
      errno: null,
      packets: ['PSH,ACK'],
    }),
    step(
      multiServer,
      'read(',
      { syscall: 'read', socket: 'client_socket[2]', size: 1024, into: 'buff_rcv' },
      'server.read.3',
      { ret: 13, errno: null, blocks: false, text: 'I am client 3' },
    ),
    step(
      multiServer,
      'write(',
      { syscall: 'write', socket: 'client_socket[2]', data: { sprintf: '%d : %s', from: 'buff_rcv' } },
      'server.write.3',
      { ret: 18, errno: null, packets: ['PSH,ACK'] },
    ),
    step(
      client(3),
      'read(',
      { syscall: 'read', socket: 'sock', size: 1023, into: 'buff', print: '%s\n' },
      'client3.read',
      { ret: 18, errno: null, text: '13 : I am client 3' },
    ),
    closes(client(1), 'sock', { say: 'client1.close', expect: { packets: ['FIN,ACK'] } }),
    closes(multiServer, 'client_socket[0]', {
      at: ['close(', 2],
      say: 'server.close.2',
      expect: { packets: ['FIN,ACK', 'ACK'] },
    }),
    closes(client(2), 'sock', { say: 'client2.close', expect: { packets: ['FIN,ACK'] } }),
    closes(multiServer, 'client_socket[1]', {
      at: ['close(', 2],
      say: 'server.close.3',
      expect: { packets: ['FIN,ACK', 'ACK'] },
    }),
    closes(client(3), 'sock', { say: 'client3.close', expect: { packets: ['FIN,ACK'] } }),
    closes(multiServer, 'client_socket[2]', {
      at: ['close(', 2],
      say: 'server.close.4',
      expect: { packets: ['FIN,ACK', 'ACK'] },
    }),
  ],
});
