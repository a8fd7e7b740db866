import { acceptsOne, clientConnects, closesBoth, serverSetup } from '../builders.ts';
import { held, pshAck, type ReadBuffer, reads, writes } from '../calls.ts';
import { seedCorrections } from '../corrections/corrections.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson } from '../types.ts';
import helloClientSource from './hello_client.c?raw';
import helloServerSource from './hello_server.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** The seed's server fragments assembled into the server that greets each client. */
export const helloServer = defineProgram({ actor: 'server', file: 'hello_server.c', source: helloServerSource });

/** The seed's complete client program, exactly as the tutorial gives it. */
export const helloClient = defineProgram({
  actor: 'client',
  file: 'hello_client.c',
  command: './hello_client 127.0.0.1 {port}',
  source: helloClientSource,
});

/** The headers every socklab program includes (the seed's, with `sys/socket.h` spelled right): hello_server.c's first six lines. */
export const cHeaders: readonly string[] = helloServer.lines.slice(0, 6);

/** The seed client's `char message[30]`, read with `sizeof(message) - 1` and printed. */
const message: ReadBuffer = { size: 29, into: 'message', assigns: 'str_len', print: 'Message from server: %s \n' };

/** The seed's complete client against the matching server, which greets it after accept(). */
export const hello: Lesson = defineLesson({
  id: 'hello',
  programs: [helloServer, helloClient],
  corrections: seedCorrections,
  text: { en, ko },
  steps: [
    ...serverSetup(helloServer, {
      socket: { say: 'server.socket' },
      bind: { say: 'server.bind' },
      listen: { say: 'server.listen', expect: { table: [held('LISTEN', 'server')] } },
    }),
    acceptsOne(helloServer, { say: 'server.accept' }),
    ...clientConnects(helloClient, { socket: { say: 'client.socket' }, connect: { say: 'client.connect' } }),
    writes(helloServer, 'client_socket', { text: 'Hello World!', nul: true }, 'server.write', {
      ret: 13,
      tcp: 'ESTABLISHED',
      packets: pshAck,
    }),
    reads(helloClient, 'sock', message, 'client.read', { ret: 13, text: 'Hello World!\\0' }),
    ...closesBoth(helloServer, helloClient, {
      client: { say: 'client.close' },
      conn: { say: 'server.close' },
      listener: { say: 'server.close.2' },
    }),
  ],
});
