import { acceptsOne, clientConnects, closes, serverSetup } from '../builders.ts';
import { nth, pshAck, type ReadBuffer, reads, setsOption, writes } from '../calls.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Expectation, Lesson } from '../types.ts';
import chattyServerSource from './chatty_server.c?raw';
import streamClientSource from './stream_client.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** The text the server writes in part 2: longer than the seed's `char message[30]`. */
export const longMessage = 'This message is longer than thirty bytes.';
/** The Korean message of part 3: 31 bytes of UTF-8, whose 29th byte falls inside '상'. */
export const koreanMessage = '안녕하세요, 소켓 세상!';

/** A server that writes in pieces of its own choosing. */
export const streamServer = defineProgram({ actor: 'server', file: 'chatty_server.c', source: chattyServerSource });

/** The seed's client, reading into `char message[30]` until the server hangs up. */
export const streamClient = defineProgram({
  actor: 'client',
  file: 'stream_client.c',
  command: './stream_client 127.0.0.1 {port}',
  source: streamClientSource,
});

/** The seed client's `char message[30]`, read with `sizeof(message) - 1` and printed. */
const message: ReadBuffer = { size: 29, into: 'message', assigns: 'str_len', print: 'Message from server: %s \n' };

/** The server's `n`th write() (on its `n`th write line): `text`, `bytes` long, in one segment. */
const serverWrites = (n: number, text: string, bytes: number) =>
  writes(streamServer, 'client_socket', text, nth('server.write', n), { ret: bytes, packets: pshAck }, { nth: n });

/** The client's `n`th read() into `message`, each printed by the program. */
const clientReads = (n: number, expect: Expectation) =>
  reads(streamClient, 'sock', message, nth('client.read', n), expect);

/** TCP keeps bytes in order, not the boundaries of writes. */
export const stream: Lesson = defineLesson({
  id: 'stream',
  programs: [streamServer, streamClient],
  text: { en, ko },
  steps: [
    ...serverSetup(streamServer),
    acceptsOne(streamServer),
    ...clientConnects(streamClient, { socket: { say: 'client.socket' }, connect: { say: 'builders.connectedWakes' } }),
    setsOption(streamServer, 'client_socket', 'TCP_NODELAY', 1, 'server.setsockopt'),
    serverWrites(1, 'Hello, ', 7),
    serverWrites(2, 'World!', 6),
    clientReads(1, { ret: 13, blocks: false, text: 'Hello, World!' }),
    serverWrites(3, longMessage, 41),
    clientReads(2, { ret: 29, text: 'This message is longer than t' }),
    clientReads(3, { ret: 12, text: 'hirty bytes.' }),
    serverWrites(4, koreanMessage, 31),
    clientReads(4, { ret: 29, text: '안녕하세요, 소켓 세\ufffd' }),
    clientReads(5, { ret: 2, text: '\ufffd!' }),
    closes(streamServer, 'client_socket', { say: 'server.close', expect: { packets: ['FIN,ACK'] } }),
    reads(streamClient, 'sock', { size: 29, into: 'message', assigns: 'str_len' }, 'client.read.6', {
      ret: 0,
      tcp: 'CLOSE_WAIT',
      text: '',
    }),
    closes(streamClient, 'sock', { expect: { packets: ['FIN,ACK'] } }),
    closes(streamServer, 'server_socket'),
  ],
});
