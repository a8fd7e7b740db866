import { acceptsOne, clientConnects, closes, serverSetup, step } from '../builders.ts';
import { seedPitfallCorrections } from '../corrections/corrections.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson, Program } from '../types.ts';
import seedClientSource from './seed_client.c?raw';
import seedServerSource from './seed_server.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** The seed's server fragments with the mistakes fixed (the seed's version in a comment), keeping its `+1`. */
export const pitfallServer: Program = defineProgram({
  actor: 'server',
  file: 'seed_server.c',
  command: './seed_server',
  source: seedServerSource,
});

/** The seed's client fragments, sending two strings the seed's way (`strlen + 1`). */
export const pitfallClient: Program = defineProgram({
  actor: 'client',
  file: 'seed_client.c',
  command: './seed_client',
  source: seedClientSource,
});

/** The seed's mistakes beside their corrections; the one that runs (the NUL on the wire) is run. */
export const seedPitfalls: Lesson = defineLesson({
  id: 'seed-pitfalls',
  port: 4000,
  programs: [pitfallServer, pitfallClient],
  corrections: seedPitfallCorrections,
  text: { en, ko },
  steps: [
    ...serverSetup(pitfallServer, { socket: { say: 'server.socket' }, bind: { say: 'server.bind' } }),
    acceptsOne(pitfallServer, { say: 'server.accept' }),
    ...clientConnects(pitfallClient, { as: 'client_socket', connect: { say: 'client.connect' } }),
    step(
      pitfallClient,
      'write(',
      { syscall: 'write', socket: 'client_socket', data: { text: 'Hello', nul: true } },
      'client.write',
      { ret: 6, errno: null, packets: ['PSH,ACK'] },
    ),
    step(
      pitfallClient,
      ['write(', 2],
      { syscall: 'write', socket: 'client_socket', data: { text: 'World', nul: true } },
      'client.write.2',
      { ret: 6, errno: null, packets: ['PSH,ACK'] },
    ),
    step(
      pitfallServer,
      'read(',
      { syscall: 'read', socket: 'client_socket', size: 1024, into: 'buff_rcv' },
      'server.read',
      { ret: 12, errno: null, blocks: false, text: 'Hello\\0World\\0' },
    ),
    step(
      pitfallServer,
      'write(',
      { syscall: 'write', socket: 'client_socket', data: { sprintf: '%d : %s', from: 'buff_rcv', nul: true } },
      'server.write',
      { ret: 10, errno: null, packets: ['PSH,ACK'] },
    ),
    step(
      pitfallClient,
      'read(',
      { syscall: 'read', socket: 'client_socket', size: 1024, into: 'buff', print: '%s\n' },
      'client.read',
      { ret: 10, errno: null, text: '5 : Hello\\0' },
    ),
    closes(pitfallClient, 'client_socket', {
      expect: { packets: ['FIN,ACK'], table: [{ state: 'CLOSE_WAIT', fd: true, side: 'server' }] },
    }),
    closes(pitfallServer, 'client_socket', { say: 'server.close', expect: { packets: ['FIN,ACK', 'ACK'] } }),
    closes(pitfallServer, 'server_socket'),
  ],
});
