import { acceptsOne, closes } from '../builders.ts';
import { asksAddress, connects, handshakePackets, held, listens, opens } from '../calls.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Expectation, Lesson } from '../types.ts';
import anyPortServerSource from './any_port_server.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };
import whereAmISource from './where_am_i.c?raw';

/** A server that never calls bind(): listen() gets a port from the kernel, getsockname() tells which. */
export const autoBindServer = defineProgram({
  actor: 'server',
  file: 'any_port_server.c',
  source: anyPortServerSource,
});

/** The seed's client, started with the port the server printed; it asks the kernel which address it got. */
export const autoBindClient = defineProgram({
  actor: 'client',
  file: 'where_am_i.c',
  command: './where_am_i 127.0.0.1 {port}',
  source: whereAmISource,
});

/** The port the kernel chose when listen() bound the socket itself. */
const chosen: Expectation = { ephemeralPort: true, tcp: 'LISTEN' };
/** connect() completes the handshake. */
const completes: Expectation = { ret: 0, tcp: 'ESTABLISHED', packets: handshakePackets };

/** listen() or connect() without bind(): the kernel picks an ephemeral port; getsockname() shows it. */
export const autoBind: Lesson = defineLesson({
  id: 'auto-bind',
  port: 0,
  programs: [autoBindServer, autoBindClient],
  text: { en, ko },
  steps: [
    opens(autoBindServer, 'server_socket', 'listener', 'server.socket'),
    listens(autoBindServer, 'server.listen', { acceptQueue: 0 }),
    asksAddress(autoBindServer, 'getsockname', 'server_socket', 'server.getsockname', chosen, { sets: '$port' }),
    acceptsOne(autoBindServer),
    opens(autoBindClient, 'sock', 'client', 'client.socket'),
    asksAddress(autoBindClient, 'getsockname', 'sock', 'client.getsockname', { ephemeralPort: false }),
    connects(autoBindClient, 'client.connect', completes, { nth: 2 }),
    asksAddress(autoBindClient, 'getsockname', 'sock', 'client.getsockname.2', { ephemeralPort: true }, { nth: 2 }),
    asksAddress(autoBindClient, 'getpeername', 'sock', 'client.getpeername', { ephemeralPort: false }),
    closes(autoBindClient, 'sock', {
      say: 'client.close',
      expect: { packets: ['FIN,ACK'], table: [held('CLOSE_WAIT', 'server')] },
    }),
    closes(autoBindServer, 'client_socket', { say: 'builders.serverCloses', expect: { packets: ['FIN,ACK', 'ACK'] } }),
    closes(autoBindServer, 'server_socket'),
  ],
});
