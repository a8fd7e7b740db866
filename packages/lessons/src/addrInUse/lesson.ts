import { acceptsOne, clientConnects, closes } from '../builders.ts';
import { binds, held, listens, opens, orphan, reads, setsOption } from '../calls.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson } from '../types.ts';
import clientSource from './client.c?raw';
import restartServerSource from './restart_server.c?raw';
import reuseServerSource from './reuse_server.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** The first server. */
export const reuseServerFirst = defineProgram({ actor: 'server', file: 'reuse_server.c', source: reuseServerSource });

/** The same program started a second time while the first still runs. */
export const reuseServerSecond = defineProgram({ actor: 'server2', file: 'reuse_server.c', source: reuseServerSource });

/** The client: connects, reads until the server hangs up, closes. */
export const addrInUseClient = defineProgram({ actor: 'client', file: 'client.c', source: clientSource });

/** A server restarted right after the first one stopped: bind() without SO_REUSEADDR, then with it. */
export const restartServer = defineProgram({ actor: 'server3', file: 'restart_server.c', source: restartServerSource });

/** The connection the client closed first, left in TIME_WAIT on the server's port. */
const timeWait = orphan('TIME_WAIT', 'server');

/** EADDRINUSE twice: a port held by a listener, and a port held by a connection in TIME_WAIT. */
export const addrInUse: Lesson = defineLesson({
  id: 'addr-in-use',
  programs: [reuseServerFirst, reuseServerSecond, addrInUseClient, restartServer],
  text: { en, ko },
  steps: [
    opens(reuseServerFirst, 'server_socket', 'listener', 'server.socket'),
    setsOption(reuseServerFirst, 'server_socket', 'SO_REUSEADDR', 1, 'server.setsockopt'),
    binds(reuseServerFirst, 'server.bind', { tcp: 'CLOSED' }),
    listens(reuseServerFirst, 'server.listen', { table: [held('LISTEN', 'server')] }),
    opens(reuseServerSecond, 'server_socket', 'listener', 'server2.socket'),
    setsOption(reuseServerSecond, 'server_socket', 'SO_REUSEADDR', 1, 'server2.setsockopt'),
    binds(reuseServerSecond, 'server2.bind', { ret: -1, errno: 'EADDRINUSE', tcp: 'CLOSED' }),
    closes(reuseServerSecond, 'server_socket', { say: 'server2.close' }),
    ...clientConnects(addrInUseClient, {
      socket: { say: 'client.socket' },
      connect: { say: 'client.connect', expect: { acceptQueue: 1 } },
    }),
    acceptsOne(reuseServerFirst, { say: 'server.accept', expect: { blocks: false } }),
    closes(reuseServerFirst, 'client_socket', {
      say: 'server.close',
      expect: { packets: ['FIN,ACK'], table: [held('CLOSE_WAIT', 'client')] },
    }),
    reads(addrInUseClient, 'sock', { size: 1024, into: 'buff' }, 'client.read', {
      ret: 0,
      tcp: 'CLOSE_WAIT',
      text: '',
    }),
    closes(addrInUseClient, 'sock', {
      say: 'client.close',
      expect: { packets: ['FIN,ACK', 'ACK'], table: [timeWait] },
    }),
    // close(server_socket) is first on bind()'s error path; the server's own close is the second.
    closes(reuseServerFirst, 'server_socket', { nth: 2, say: 'server.close.2', expect: { table: [timeWait] } }),
    opens(restartServer, 'server_socket', 'listener', 'server3.socket'),
    binds(restartServer, 'server3.bind', { ret: -1, errno: 'EADDRINUSE', table: [timeWait] }),
    setsOption(restartServer, 'server_socket', 'SO_REUSEADDR', 1, 'server3.setsockopt'),
    binds(restartServer, 'server3.bind.2', { table: [timeWait] }, { at: ['if (-1 == bind(', 2] }),
    listens(restartServer, 'server3.listen', { table: [held('LISTEN', 'server'), timeWait] }),
    closes(restartServer, 'server_socket', { say: 'server3.close' }),
  ],
});
