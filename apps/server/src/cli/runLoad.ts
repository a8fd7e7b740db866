import { sharedReactor } from '@socklab/kernel';
import { loadLesson } from '@socklab/lessons';
import { SocklabError, type SocklabEvent } from '@socklab/protocol';
import { EventLog } from '../eventLog.ts';
import { LabNetwork } from '../lab/network.ts';
import { fdLimit, LabSocketPool, serverLimits } from '../limits.ts';
import { LoadRunner } from '../load/loadRunner.ts';
import { TextFormatter } from '../textFormat.ts';

type Out = { stdout: { write(text: string): unknown }; stderr: { write(text: string): unknown } };

/** The load lesson's events for a terminal: each phase's first sample, the tally; the rest as `TextFormatter` says. */
export function formatLoadEvent(
  event: SocklabEvent,
  text: TextFormatter,
  lastPhase: { phase: string | null },
): string | null {
  if (event.type === 'load.sample') {
    if (event.phase === lastPhase.phase) return null;
    lastPhase.phase = event.phase;
    const states = Object.entries(event.states)
      .map(([state, n]) => `${state} ${n}`)
      .join(', ');
    const queue =
      event.acceptQueue === null ? 'no listener' : `accept queue ${event.acceptQueue}/${event.backlog ?? '?'}`;
    return `load ${event.phase.padEnd(7)} at ${event.atMs.toFixed(0)} ms (${event.source}): ${states || 'no sockets'}; ${queue}; ${event.connected} connected, ${event.closed} closed`;
  }
  if (event.type === 'load.tally') {
    const rows = event.results.map(
      (r) =>
        `  ${r.actor.padEnd(7)} ${`${r.syscall}()`.padEnd(10)} ${String(r.errno === null ? r.ret : `-1 ${r.errno}`).padEnd(8)} × ${r.count} (${r.blocked} blocked first)`,
    );
    return [
      `load tally: ${event.made} of ${event.planned} calls made for ${event.clients} clients in ${event.durationMs.toFixed(0)} ms, at most ${event.peakSockets} sockets open at once`,
      ...rows,
      ...(event.refused ? [`  refused: ${event.refused}`] : []),
    ].join('\n');
  }
  return text.format(event);
}

/**
 * `socklab run load`: the load lesson headless, with the server's own limits
 * (its lab sockets at this fd limit). Exit 0 when the tally is as expected.
 */
export async function runLoadLesson(format: 'text' | 'ndjson', port: number | undefined, out: Out): Promise<number> {
  const log = new EventLog();
  const text = new TextFormatter();
  const lastPhase = { phase: null as string | null };
  let ok = false;
  log.subscribe((event) => {
    if (event.type === 'lesson.end') ok = event.ok;
    if (event.type === 'lesson.check' && !event.ok) {
      out.stderr.write(`socklab run load: expected ${event.expected}; the kernel said ${event.actual}\n`);
    }
    const line = format === 'ndjson' ? JSON.stringify(event) : formatLoadEvent(event, text, lastPhase);
    if (line !== null) out.stdout.write(`${line}\n`);
  });
  const pool = new LabSocketPool(serverLimits(fdLimit()).maxLabSockets);
  const network = LabNetwork.open();
  const sharedReason = network.isolation.kind === 'shared' ? network.isolation.reason : undefined;
  let runner: LoadRunner | undefined;
  try {
    runner = new LoadRunner(loadLesson, { port }, (body) => log.append(body), {
      netns: network.lab.netns,
      pool,
      ...(sharedReason === undefined ? {} : { sharedReason }),
    });
    runner.start();
    await runner.step();
  } catch (err) {
    const message = err instanceof SocklabError ? `${err.code}: ${err.message}` : String(err);
    out.stderr.write(`socklab run load: stopped: ${message}\n`);
    return 1;
  } finally {
    runner?.dispose();
    network.close();
    await sharedReactor().close();
  }
  return ok ? 0 : 1;
}
