import { acceptsOne, clientConnects, closes, serverSetup } from '../builders.ts';
import { held, orphan, type ReadBuffer, reads } from '../calls.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson } from '../types.ts';
import hangUpSource from './hang_up.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };
import twoCallsSource from './two_calls.c?raw';
import waitForHangUpSource from './wait_for_hang_up.c?raw';

/** A server that serves two clients one after the other: it lets the first hang up, and hangs up on the second. */
export const timeWaitServer = defineProgram({ actor: 'server', file: 'two_calls.c', source: twoCallsSource });

/** The first client hangs up as soon as it is connected. */
export const timeWaitCaller = defineProgram({ actor: 'client1', file: 'hang_up.c', source: hangUpSource });

/** The second client waits for the server to hang up. */
export const timeWaitListener = defineProgram({
  actor: 'client2',
  file: 'wait_for_hang_up.c',
  source: waitForHangUpSource,
});

const buffer: ReadBuffer = { size: 1024, into: 'buff' };
/** Both connections over, each in TIME_WAIT at the end that closed first. */
const bothWait = [orphan('TIME_WAIT', 'server'), orphan('TIME_WAIT', 'client')];

/** Who closes first ends in TIME_WAIT; the other goes CLOSE_WAIT → LAST_ACK → CLOSED. */
export const timeWait: Lesson = defineLesson({
  id: 'time-wait',
  programs: [timeWaitServer, timeWaitCaller, timeWaitListener],
  text: { en, ko },
  steps: [
    ...serverSetup(timeWaitServer),
    ...clientConnects(timeWaitCaller, {
      socket: { say: 'builders.firstClientSocket' },
      connect: { expect: { acceptQueue: 1 } },
    }),
    acceptsOne(timeWaitServer, { queued: true, say: 'builders.acceptFirst' }),
    closes(timeWaitCaller, 'sock', {
      say: 'client1.close',
      expect: { packets: ['FIN,ACK'], table: [held('CLOSE_WAIT', 'server')] },
    }),
    reads(timeWaitServer, 'client_socket', buffer, 'server.read', { ret: 0, tcp: 'CLOSE_WAIT', text: '' }),
    closes(timeWaitServer, 'client_socket', {
      say: 'server.close',
      expect: { packets: ['FIN,ACK', 'ACK'], table: [orphan('TIME_WAIT', 'client')] },
    }),
    ...clientConnects(timeWaitListener, {
      socket: { say: 'client2.socket', expect: { table: [orphan('TIME_WAIT', 'client')] } },
      connect: { say: 'client2.connect', expect: { acceptQueue: 1 } },
    }),
    acceptsOne(timeWaitServer, { nth: 2, queued: true, say: 'builders.acceptSecond' }),
    closes(timeWaitServer, 'client_socket', {
      nth: 2,
      say: 'server.close.2',
      expect: { packets: ['FIN,ACK'], table: [held('CLOSE_WAIT', 'client')] },
    }),
    reads(timeWaitListener, 'sock', buffer, 'client2.read', { ret: 0, tcp: 'CLOSE_WAIT', text: '' }),
    closes(timeWaitListener, 'sock', {
      say: 'client2.close',
      expect: { packets: ['FIN,ACK', 'ACK'], table: bothWait },
    }),
    closes(timeWaitServer, 'server_socket', { say: 'server.close.3', expect: { table: bothWait } }),
  ],
});
