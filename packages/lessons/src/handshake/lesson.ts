import { acceptsOne, clientConnects, closesBoth, serverSetup } from '../builders.ts';
import { held, orphan } from '../calls.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson } from '../types.ts';
import knockClientSource from './knock_client.c?raw';
import lateServerSource from './late_server.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** A server that is late to accept(): the kernel completes the handshake without it. */
export const handshakeServer = defineProgram({ actor: 'server', file: 'late_server.c', source: lateServerSource });

/** A client that connects and hangs up. */
export const handshakeClient = defineProgram({ actor: 'client', file: 'knock_client.c', source: knockClientSource });

/** The three-way handshake completes in the kernels, before the server calls accept(). */
export const handshake: Lesson = defineLesson({
  id: 'handshake',
  programs: [handshakeServer, handshakeClient],
  text: { en, ko },
  steps: [
    ...serverSetup(handshakeServer, {
      socket: { say: 'server.socket' },
      bind: { say: 'server.bind', expect: { table: [held('CLOSED', 'server')] } },
      listen: { say: 'server.listen' },
    }),
    ...clientConnects(handshakeClient, {
      socket: { say: 'client.socket' },
      connect: {
        say: 'client.connect',
        expect: { acceptQueue: 1, table: [orphan('ESTABLISHED', 'server'), held('ESTABLISHED', 'client')] },
      },
    }),
    // The first line naming accept( is the comment before it.
    acceptsOne(handshakeServer, {
      nth: 2,
      queued: true,
      say: 'server.accept',
      expect: { table: [held('ESTABLISHED', 'server')] },
    }),
    ...closesBoth(handshakeServer, handshakeClient, {
      client: { say: 'client.close' },
      conn: { say: 'server.close' },
      listener: { say: 'server.close.2', expect: { table: [orphan('TIME_WAIT', 'client')] } },
    }),
  ],
});
