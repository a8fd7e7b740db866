import { acceptsOne, clientConnects, closes, serverSetup } from '../builders.ts';
import { type CallOptions, held, orphan, pshAck, reads, shutsDown, writes } from '../calls.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson } from '../types.ts';
import askAndListenSource from './ask_and_listen.c?raw';
import countServerSource from './count_server.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** What the client sends before it shuts its sending side. */
export const question = 'How long is this?';

/** A server that reads until end of stream, then answers "%d : %s". */
export const halfCloseServer = defineProgram({ actor: 'server', file: 'count_server.c', source: countServerSource });

/** A client that sends its question, shuts its sending side, and reads the answer to the end. */
export const halfCloseClient = defineProgram({ actor: 'client', file: 'ask_and_listen.c', source: askAndListenSource });

/** The server's read loop: `while ((n = read(...)) > 0)`, its second read( line. */
const loop: CallOptions = { nth: 2 };

/** shutdown(SHUT_WR) closes one direction: the peer reads end of stream and can still answer. */
export const halfClose: Lesson = defineLesson({
  id: 'half-close',
  programs: [halfCloseServer, halfCloseClient],
  text: { en, ko },
  steps: [
    ...serverSetup(halfCloseServer),
    acceptsOne(halfCloseServer),
    ...clientConnects(halfCloseClient, { connect: { say: 'builders.connectedWakes' } }),
    reads(
      halfCloseServer,
      'client_socket',
      { size: 1024, into: 'buff_rcv', assigns: 'n' },
      'server.read',
      {
        ret: 17,
        blocks: true,
        text: question,
      },
      loop,
    ),
    writes(halfCloseClient, 'sock', question, 'client.write', { ret: 17, packets: pshAck }),
    reads(
      halfCloseServer,
      'client_socket',
      { size: 1007, into: 'buff_rcv + total', assigns: 'n' },
      'server.read.2',
      {
        ret: 0,
        blocks: true,
        tcp: 'CLOSE_WAIT',
        text: '',
      },
      loop,
    ),
    shutsDown(halfCloseClient, 'sock', 'SHUT_WR', 'client.shutdown', {
      packets: ['FIN,ACK'],
      table: [held('CLOSE_WAIT', 'server')],
    }),
    writes(halfCloseServer, 'client_socket', { sprintf: '%d : %s', from: 'buff_rcv' }, 'server.write', {
      ret: 22,
      tcp: 'CLOSE_WAIT',
      packets: pshAck,
      table: [held('FIN_WAIT_2', 'client'), held('CLOSE_WAIT', 'server')],
    }),
    reads(halfCloseClient, 'sock', { size: 1023, into: 'buff', assigns: 'str_len', print: '%s\n' }, 'client.read', {
      ret: 22,
      tcp: 'FIN_WAIT_2',
      text: '17 : How long is this?',
    }),
    closes(halfCloseServer, 'client_socket', {
      say: 'server.close',
      expect: { packets: ['FIN,ACK', 'ACK'], table: [orphan('TIME_WAIT', 'client')] },
    }),
    reads(halfCloseClient, 'sock', { size: 1023, into: 'buff', assigns: 'str_len' }, 'client.read.2', {
      ret: 0,
      tcp: 'CLOSED',
      text: '',
    }),
    closes(halfCloseClient, 'sock', { say: 'client.close', expect: { table: [orphan('TIME_WAIT', 'client')] } }),
    closes(halfCloseServer, 'server_socket'),
  ],
});
