import type { SocklabEvent } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { handoutOf } from './handout.ts';
import { echoLog, helloLog } from './recordings.fixture.ts';

const exits = (log: readonly SocklabEvent[]) => log.flatMap((e) => (e.type === 'syscall.exit' ? [e] : []));

describe('handoutOf: a lesson run as a handout, every answer from the log', () => {
  it('gives each step of echo the return value the kernel gave in the recording', () => {
    const handout = handoutOf(echoLog, 'en');
    if (handout === null) throw new Error('no handout');
    expect(handout.lesson.id).toBe('echo');
    expect(handout.ran).toBe(handout.lesson.steps.length);
    const socketExit = exits(echoLog).find((e) => e.syscall === 'socket');
    expect(handout.steps[0]?.answer).toEqual({ kind: 'returned', text: `= ${socketExit?.ret}`, error: false });
    expect(handout.steps[0]?.states.map((s) => s.name)).toEqual(['server_socket']);
    expect(handout.steps[0]?.states[0]?.fd).toBe(socketExit?.ret);
  });

  it('shows the port the kernel chose in the C programs and the calls, not the lesson default', () => {
    const handout = handoutOf(echoLog, 'en');
    const start = echoLog.find((e) => e.type === 'lesson.port');
    if (handout === null || start?.type !== 'lesson.port') throw new Error('no handout or lesson.port');
    expect(handout.port).toBe(start.port);
    const client = handout.programs.find((p) => p.actor === 'client');
    expect(client?.lines.join('\n')).toContain(String(start.port));
    expect(client?.lines.join('\n')).not.toContain(String(handout.lesson.port));
    expect(handout.steps.some((s) => s.call?.includes(`:${start.port}}`))).toBe(true);
  });

  it('marks a blocked accept() as blocked and names the step that woke it', () => {
    const handout = handoutOf(helloLog, 'ko');
    const accept = handout?.steps.find((s) => s.call?.startsWith('accept('));
    expect(accept?.answer).toEqual({ kind: 'blocked' });
    expect(accept?.returnedLater?.text).toMatch(/^= \d+$/);
    expect(accept?.returnedLater?.step).toBeGreaterThan((accept?.index ?? 0) + 1);
    expect(handout?.steps[0]?.narration).toMatch(/[\uac00-\ud7a3]/);
  });

  it('shows a step the run has not reached as not run', () => {
    const cut = echoLog.slice(
      0,
      echoLog.findIndex((e) => e.type === 'lesson.step' && e.index === 3),
    );
    const handout = handoutOf(cut, 'en');
    expect(handout?.ran).toBe(3);
    expect(handout?.steps[3]?.answer).toEqual({ kind: 'notRun' });
  });

  it('is null without a lesson run', () => {
    expect(handoutOf([], 'en')).toBeNull();
  });
});
