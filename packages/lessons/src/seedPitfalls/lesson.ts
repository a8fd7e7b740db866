import { acceptsOne, clientConnects, closes, serverSetup } from '../builders.ts';
import { held, pshAck, reads, writes } from '../calls.ts';
import { seedPitfallCorrections } from '../corrections/corrections.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson } from '../types.ts';
import seedClientSource from './seed_client.c?raw';
import seedServerSource from './seed_server.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** The seed's server fragments with the mistakes fixed (the seed's version in a comment), keeping its `+1`. */
export const pitfallServer = defineProgram({ actor: 'server', file: 'seed_server.c', source: seedServerSource });

/** The seed's client fragments, sending two strings the seed's way (`strlen + 1`). */
export const pitfallClient = defineProgram({ actor: 'client', file: 'seed_client.c', source: seedClientSource });

/** The seed's mistakes beside their corrections; the one that runs (the NUL on the wire) is run. */
export const seedPitfalls: Lesson = defineLesson({
  id: 'seed-pitfalls',
  programs: [pitfallServer, pitfallClient],
  corrections: seedPitfallCorrections,
  text: { en, ko },
  steps: [
    ...serverSetup(pitfallServer, { socket: { say: 'server.socket' }, bind: { say: 'server.bind' } }),
    acceptsOne(pitfallServer, { say: 'server.accept' }),
    ...clientConnects(pitfallClient, { as: 'client_socket', connect: { say: 'client.connect' } }),
    writes(pitfallClient, 'client_socket', { text: 'Hello', nul: true }, 'client.write', { ret: 6, packets: pshAck }),
    writes(
      pitfallClient,
      'client_socket',
      { text: 'World', nul: true },
      'client.write.2',
      { ret: 6, packets: pshAck },
      { nth: 2 },
    ),
    reads(pitfallServer, 'client_socket', { size: 1024, into: 'buff_rcv' }, 'server.read', {
      ret: 12,
      blocks: false,
      text: 'Hello\\0World\\0',
    }),
    writes(pitfallServer, 'client_socket', { sprintf: '%d : %s', from: 'buff_rcv', nul: true }, 'server.write', {
      ret: 10,
      packets: pshAck,
    }),
    reads(pitfallClient, 'client_socket', { size: 1024, into: 'buff', print: '%s\n' }, 'client.read', {
      ret: 10,
      text: '5 : Hello\\0',
    }),
    closes(pitfallClient, 'client_socket', { expect: { packets: ['FIN,ACK'], table: [held('CLOSE_WAIT', 'server')] } }),
    closes(pitfallServer, 'client_socket', { say: 'server.close', expect: { packets: ['FIN,ACK', 'ACK'] } }),
    closes(pitfallServer, 'server_socket'),
  ],
});
