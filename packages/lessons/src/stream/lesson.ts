import { acceptsOne, clientConnects, closes, serverSetup, step } from '../builders.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson, Program } from '../types.ts';
import chattyServerSource from './chatty_server.c?raw';
import streamClientSource from './stream_client.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** The text the server writes in part 2: longer than the seed's `char message[30]`. */
export const longMessage = 'This message is longer than thirty bytes.';
/** The Korean message of part 3: 31 bytes of UTF-8, whose 29th byte falls inside '상'. */
export const koreanMessage = '안녕하세요, 소켓 세상!';

/** A server that writes in pieces of its own choosing. */
export const streamServer: Program = defineProgram({
  actor: 'server',
  file: 'chatty_server.c',
  command: './chatty_server',
  source: chattyServerSource,
});

/** The seed's client, reading into `char message[30]` until the server hangs up. */
export const streamClient: Program = defineProgram({
  actor: 'client',
  file: 'stream_client.c',
  command: './stream_client 127.0.0.1 {port}',
  source: streamClientSource,
});

/** TCP keeps bytes in order, not the boundaries of writes. */
export const stream: Lesson = defineLesson({
  id: 'stream',
  port: 4000,
  programs: [streamServer, streamClient],
  text: { en, ko },
  steps: [
    ...serverSetup(streamServer),
    acceptsOne(streamServer),
    ...clientConnects(streamClient, { socket: { say: 'client.socket' }, connect: { say: 'builders.connectedWakes' } }),
    step(
      streamServer,
      'setsockopt(',
      { syscall: 'setsockopt', socket: 'client_socket', option: 'TCP_NODELAY', value: 1 },
      'server.setsockopt',
      { ret: 0, errno: null },
    ),
    step(
      streamServer,
      'write(',
      { syscall: 'write', socket: 'client_socket', data: { text: 'Hello, ' } },
      'server.write',
      { ret: 7, errno: null, packets: ['PSH,ACK'] },
    ),
    step(
      streamServer,
      ['write(', 2],
      { syscall: 'write', socket: 'client_socket', data: { text: 'World!' } },
      'server.write.2',
      { ret: 6, errno: null, packets: ['PSH,ACK'] },
    ),
    step(
      streamClient,
      'read(',
      { syscall: 'read', socket: 'sock', size: 29, into: 'message', print: 'Message from server: %s \n' },
      'client.read',
      { ret: 13, errno: null, blocks: false, text: 'Hello, World!' },
    ),
    step(
      streamServer,
      ['write(', 3],
      { syscall: 'write', socket: 'client_socket', data: { text: 'This message is longer than thirty bytes.' } },
      'server.write.3',
      { ret: 41, errno: null, packets: ['PSH,ACK'] },
    ),
    step(
      streamClient,
      'read(',
      { syscall: 'read', socket: 'sock', size: 29, into: 'message', print: 'Message from server: %s \n' },
      'client.read.2',
      { ret: 29, errno: null, text: 'This message is longer than t' },
    ),
    step(
      streamClient,
      'read(',
      { syscall: 'read', socket: 'sock', size: 29, into: 'message', print: 'Message from server: %s \n' },
      'client.read.3',
      { ret: 12, errno: null, text: 'hirty bytes.' },
    ),
    step(
      streamServer,
      ['write(', 4],
      { syscall: 'write', socket: 'client_socket', data: { text: '안녕하세요, 소켓 세상!' } },
      'server.write.4',
      { ret: 31, errno: null, packets: ['PSH,ACK'] },
    ),
    step(
      streamClient,
      'read(',
      { syscall: 'read', socket: 'sock', size: 29, into: 'message', print: 'Message from server: %s \n' },
      'client.read.4',
      { ret: 29, errno: null, text: '안녕하세요, 소켓 세�' },
    ),
    step(
      streamClient,
      'read(',
      { syscall: 'read', socket: 'sock', size: 29, into: 'message', print: 'Message from server: %s \n' },
      'client.read.5',
      { ret: 2, errno: null, text: '�!' },
    ),
    closes(streamServer, 'client_socket', { say: 'server.close', expect: { packets: ['FIN,ACK'] } }),
    step(streamClient, 'read(', { syscall: 'read', socket: 'sock', size: 29, into: 'message' }, 'client.read.6', {
      ret: 0,
      errno: null,
      tcp: 'CLOSE_WAIT',
      text: '',
    }),
    closes(streamClient, 'sock', { expect: { packets: ['FIN,ACK'] } }),
    closes(streamServer, 'server_socket'),
  ],
});
