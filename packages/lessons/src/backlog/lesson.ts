import { acceptsOne, clientConnects, closes, serverSetup, step } from '../builders.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson, Program } from '../types.ts';
import busyServerSource from './busy_server.c?raw';
import clientSource from './client.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** A server with backlog 1 that is busy before it accepts anyone. */
export const backlogServer: Program = defineProgram({
  actor: 'server',
  file: 'busy_server.c',
  command: './busy_server',
  source: busyServerSource,
});

/** The four clients, `client1` … `client4`. */
export const backlogClients: readonly Program[] = [1, 2, 3, 4].map((n) =>
  defineProgram({ actor: `client${n}`, file: 'client.c', command: './client', source: clientSource }),
);
const client = (n: number): Program => backlogClients[n - 1]!;

/** listen(fd, 1) and four clients: backlog + 1 connections complete, the others retransmit their SYN. */
export const backlog: Lesson = defineLesson({
  id: 'backlog',
  port: 4000,
  programs: [backlogServer, ...backlogClients],
  text: { en, ko },
  steps: [
    ...serverSetup(backlogServer, {
      backlog: 1,
      listen: { say: 'server.listen', expect: { table: [{ state: 'LISTEN', fd: true, side: 'server' }] } },
    }),
    ...clientConnects(client(1), {
      socket: { say: 'client1.socket' },
      connect: { say: 'client1.connect', expect: { acceptQueue: 1 } },
    }),
    ...clientConnects(client(2), {
      socket: { say: 'client2.socket' },
      connect: { say: 'client2.connect', expect: { acceptQueue: 2 } },
    }),
    step(client(3), 'socket(', { syscall: 'socket', as: 'sock', role: 'client' }, 'client3.socket', {
      ret: 'fd',
      errno: null,
      tcp: 'CLOSED',
    }),
    step(
      client(3),
      'connect(',
      { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      'client3.connect',
      {
        ret: 0,
        errno: null,
        blocks: true,
        whileBlocked: { tcp: 'SYN_SENT', acceptQueue: 2 },
        tcp: 'ESTABLISHED',
        packets: ['SYN', 'SYN', 'SYN,ACK'],
      },
    ),
    step(client(4), 'socket(', { syscall: 'socket', as: 'sock', role: 'client' }, 'client4.socket', {
      ret: 'fd',
      errno: null,
      tcp: 'CLOSED',
      table: [{ state: 'SYN_SENT', fd: true, side: 'client' }],
    }),
    step(
      client(4),
      'connect(',
      { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      'client4.connect',
      {
        ret: 0,
        errno: null,
        blocks: true,
        whileBlocked: { tcp: 'SYN_SENT', acceptQueue: 2 },
        tcp: 'ESTABLISHED',
        packets: ['SYN', 'SYN', 'SYN,ACK'],
      },
    ),
    step(
      backlogServer,
      'accept(',
      { syscall: 'accept', socket: 'server_socket', as: 'client_socket[0]' },
      'server.accept',
      { ret: 'fd', errno: null, blocks: false, tcp: 'ESTABLISHED', acceptQueue: 1 },
    ),
    acceptsOne(backlogServer, { as: 'client_socket[1]', queued: true, say: 'server.accept.2' }),
    acceptsOne(backlogServer, {
      as: 'client_socket[2]',
      say: 'server.accept.3',
      expect: { whileBlocked: { acceptQueue: 0 }, packets: ['SYN', 'SYN,ACK', 'ACK'] },
    }),
    step(
      backlogServer,
      'accept(',
      { syscall: 'accept', socket: 'server_socket', as: 'client_socket[3]' },
      'server.accept.4',
      { ret: 'fd', errno: null, tcp: 'ESTABLISHED', acceptQueue: 0 },
      { wait: true },
    ),
    closes(backlogServer, 'client_socket[0]', {
      at: ['close(', 1],
      say: 'server.close',
      expect: { packets: ['FIN,ACK'] },
      wait: true,
    }),
    closes(backlogServer, 'client_socket[1]', {
      at: ['close(', 1],
      say: 'server.close.2',
      expect: { packets: ['FIN,ACK'] },
    }),
    closes(backlogServer, 'client_socket[2]', {
      at: ['close(', 1],
      say: 'server.close.3',
      expect: { packets: ['FIN,ACK'] },
    }),
    closes(backlogServer, 'client_socket[3]', {
      at: ['close(', 1],
      say: 'server.close.4',
      expect: { packets: ['FIN,ACK'] },
    }),
    closes(backlogServer, 'server_socket'),
    closes(client(3), 'sock', { say: 'client3.close', expect: { packets: ['FIN,ACK', 'ACK'] }, wait: true }),
    closes(client(4), 'sock', { say: 'client4.close', expect: { packets: ['FIN,ACK', 'ACK'] }, wait: true }),
    closes(client(1), 'sock', { say: 'client1.close', expect: { packets: ['FIN,ACK', 'ACK'] } }),
    closes(client(2), 'sock', {
      say: 'client2.close',
      expect: { packets: ['FIN,ACK', 'ACK'], table: [{ state: 'TIME_WAIT', fd: false, side: 'server' }] },
    }),
  ],
});
