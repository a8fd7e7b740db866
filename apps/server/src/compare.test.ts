import { handshake } from '@socklab/lessons';
import type { SocklabEvent } from '@socklab/protocol';
import { compareRuns } from '@socklab/web/compare';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from './eventLog.ts';
import { LabNetwork } from './lab/network.ts';
import { LessonRunner } from './lessonRunner.ts';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup) f();
  cleanup = [];
});

async function runHandshake(): Promise<SocklabEvent[]> {
  const network = LabNetwork.open();
  const log = new EventLog();
  const runner = new LessonRunner(network.lab, handshake, {}, (e) => log.append(e), network.watchers());
  cleanup.push(() => {
    runner.dispose();
    network.close();
  });
  runner.start();
  while (runner.next !== null) await runner.step();
  return [...log.events()];
}

describe('compareRuns (run a recording again on this kernel)', () => {
  it('finds nothing between two runs of a lesson on this kernel (fds and ports differ, answers do not)', async () => {
    const [first, second] = [await runHandshake(), await runHandshake()];
    expect(compareRuns(first, second)).toEqual([]);
  });

  it('names the step and what differs when the recording expected another errno', async () => {
    const live = await runHandshake();
    const bindStep = handshake.steps.findIndex((s) => s.call.syscall === 'bind');
    const enter = live.find((e) => e.type === 'syscall.enter' && e.step === bindStep);
    const edited = live.map((e) =>
      e.type === 'syscall.exit' && enter?.type === 'syscall.enter' && e.callId === enter.callId
        ? { ...e, ret: -1, errno: { name: 'EADDRINUSE', code: 98, message: 'Address already in use' } }
        : e,
    );
    expect(compareRuns(edited, live)).toMatchObject([
      { step: bindStep, what: 'server bind() returned', recorded: '-1 EADDRINUSE', live: '0' },
    ]);
  });
});
