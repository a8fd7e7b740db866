import { acceptsOne, clientConnects, closesBoth, serverSetup, step } from '../builders.ts';
import { seedCorrections } from '../corrections/corrections.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson, Program } from '../types.ts';
import helloClientSource from './hello_client.c?raw';
import helloServerSource from './hello_server.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** The seed's server fragments assembled into the server that greets each client. */
export const helloServer: Program = defineProgram({
  actor: 'server',
  file: 'hello_server.c',
  command: './hello_server',
  source: helloServerSource,
});

/** The seed's complete client program, exactly as the tutorial gives it. */
export const helloClient: Program = defineProgram({
  actor: 'client',
  file: 'hello_client.c',
  command: './hello_client 127.0.0.1 {port}',
  source: helloClientSource,
});

/** The headers every socklab program includes (the seed's, with `sys/socket.h` spelled right): hello_server.c's first six lines. */
export const cHeaders: readonly string[] = helloServer.lines.slice(0, 6);

/** The seed's complete client against the matching server, which greets it after accept(). */
export const hello: Lesson = defineLesson({
  id: 'hello',
  port: 4000,
  programs: [helloServer, helloClient],
  corrections: seedCorrections,
  text: { en, ko },
  steps: [
    ...serverSetup(helloServer, {
      socket: { say: 'server.socket' },
      bind: { say: 'server.bind' },
      listen: { say: 'server.listen', expect: { table: [{ state: 'LISTEN', fd: true, side: 'server' }] } },
    }),
    acceptsOne(helloServer, { say: 'server.accept' }),
    ...clientConnects(helloClient, { socket: { say: 'client.socket' }, connect: { say: 'client.connect' } }),
    step(
      helloServer,
      'write(',
      { syscall: 'write', socket: 'client_socket', data: { text: 'Hello World!', nul: true } },
      'server.write',
      { ret: 13, errno: null, tcp: 'ESTABLISHED', packets: ['PSH,ACK'] },
    ),
    step(
      helloClient,
      'read(',
      { syscall: 'read', socket: 'sock', size: 29, into: 'message', print: 'Message from server: %s \n' },
      'client.read',
      { ret: 13, errno: null, text: 'Hello World!\\0' },
    ),
    ...closesBoth(helloServer, helloClient, {
      client: { say: 'client.close' },
      conn: { say: 'server.close' },
      listener: { say: 'server.close.2' },
    }),
  ],
});
