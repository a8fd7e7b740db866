import { acceptsOne, clientConnects, closes, serverSetup, step } from '../builders.ts';
import { defineLesson } from '../defineLesson.ts';
import { defineProgram } from '../program.ts';
import type { Lesson, Program } from '../types.ts';
import hangUpSource from './hang_up.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };
import twoCallsSource from './two_calls.c?raw';
import waitForHangUpSource from './wait_for_hang_up.c?raw';

/** A server that serves two clients one after the other: it lets the first hang up, and hangs up on the second. */
export const timeWaitServer: Program = defineProgram({
  actor: 'server',
  file: 'two_calls.c',
  command: './two_calls',
  source: twoCallsSource,
});

/** The first client hangs up as soon as it is connected. */
export const timeWaitCaller: Program = defineProgram({
  actor: 'client1',
  file: 'hang_up.c',
  command: './hang_up',
  source: hangUpSource,
});

/** The second client waits for the server to hang up. */
export const timeWaitListener: Program = defineProgram({
  actor: 'client2',
  file: 'wait_for_hang_up.c',
  command: './wait_for_hang_up',
  source: waitForHangUpSource,
});

/** Who closes first ends in TIME_WAIT; the other goes CLOSE_WAIT → LAST_ACK → CLOSED. */
export const timeWait: Lesson = defineLesson({
  id: 'time-wait',
  port: 4000,
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
      expect: { packets: ['FIN,ACK'], table: [{ state: 'CLOSE_WAIT', fd: true, side: 'server' }] },
    }),
    step(
      timeWaitServer,
      'read(',
      { syscall: 'read', socket: 'client_socket', size: 1024, into: 'buff' },
      'server.read',
      { ret: 0, errno: null, tcp: 'CLOSE_WAIT', text: '' },
    ),
    closes(timeWaitServer, 'client_socket', {
      say: 'server.close',
      expect: { packets: ['FIN,ACK', 'ACK'], table: [{ state: 'TIME_WAIT', fd: false, side: 'client' }] },
    }),
    ...clientConnects(timeWaitListener, {
      socket: { say: 'client2.socket', expect: { table: [{ state: 'TIME_WAIT', fd: false, side: 'client' }] } },
      connect: { say: 'client2.connect', expect: { acceptQueue: 1 } },
    }),
    acceptsOne(timeWaitServer, { nth: 2, queued: true, say: 'builders.acceptSecond' }),
    closes(timeWaitServer, 'client_socket', {
      nth: 2,
      say: 'server.close.2',
      expect: { packets: ['FIN,ACK'], table: [{ state: 'CLOSE_WAIT', fd: true, side: 'client' }] },
    }),
    step(timeWaitListener, 'read(', { syscall: 'read', socket: 'sock', size: 1024, into: 'buff' }, 'client2.read', {
      ret: 0,
      errno: null,
      tcp: 'CLOSE_WAIT',
      text: '',
    }),
    closes(timeWaitListener, 'sock', {
      say: 'client2.close',
      expect: {
        packets: ['FIN,ACK', 'ACK'],
        table: [
          { state: 'TIME_WAIT', fd: false, side: 'server' },
          { state: 'TIME_WAIT', fd: false, side: 'client' },
        ],
      },
    }),
    closes(timeWaitServer, 'server_socket', {
      say: 'server.close.3',
      expect: {
        table: [
          { state: 'TIME_WAIT', fd: false, side: 'server' },
          { state: 'TIME_WAIT', fd: false, side: 'client' },
        ],
      },
    }),
  ],
});
