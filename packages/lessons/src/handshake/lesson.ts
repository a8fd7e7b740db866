import { acceptsOne, clientConnects, closesBoth, serverSetup } from '../builders.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson, Program } from '../types.ts';
import knockClientSource from './knock_client.c?raw';
import lateServerSource from './late_server.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** A server that is late to accept(): the kernel completes the handshake without it. */
export const handshakeServer: Program = defineProgram({
  actor: 'server',
  file: 'late_server.c',
  command: './late_server',
  source: lateServerSource,
});

/** A client that connects and hangs up. */
export const handshakeClient: Program = defineProgram({
  actor: 'client',
  file: 'knock_client.c',
  command: './knock_client',
  source: knockClientSource,
});

/** The three-way handshake completes in the kernels, before the server calls accept(). */
export const handshake: Lesson = defineLesson({
  id: 'handshake',
  port: 4000,
  programs: [handshakeServer, handshakeClient],
  text: { en, ko },
  steps: [
    ...serverSetup(handshakeServer, {
      socket: { say: 'server.socket' },
      bind: { say: 'server.bind', expect: { table: [{ state: 'CLOSED', fd: true, side: 'server' }] } },
      listen: { say: 'server.listen' },
    }),
    ...clientConnects(handshakeClient, {
      socket: { say: 'client.socket' },
      connect: {
        say: 'client.connect',
        expect: {
          acceptQueue: 1,
          table: [
            { state: 'ESTABLISHED', fd: false, side: 'server' },
            { state: 'ESTABLISHED', fd: true, side: 'client' },
          ],
        },
      },
    }),
    acceptsOne(handshakeServer, {
      queued: true,
      say: 'server.accept',
      expect: { table: [{ state: 'ESTABLISHED', fd: true, side: 'server' }] },
    }),
    ...closesBoth(handshakeServer, handshakeClient, {
      client: { say: 'client.close' },
      conn: { say: 'server.close' },
      listener: { say: 'server.close.2', expect: { table: [{ state: 'TIME_WAIT', fd: false, side: 'client' }] } },
    }),
  ],
});
