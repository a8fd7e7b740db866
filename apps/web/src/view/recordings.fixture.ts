import { parseRecording, type SocklabEvent } from '@socklab/protocol';
import echo from './fixtures/echo.ndjson?raw';
import handshake from './fixtures/handshake.ndjson?raw';
import hello from './fixtures/hello.ndjson?raw';
import helloOutside from './fixtures/helloOutside.ndjson?raw';
import helloWholeTables from './fixtures/helloWholeTables.ndjson?raw';
import refused from './fixtures/refused.ndjson?raw';

// Real sessions recorded by `npm run fixtures` (apps/server/src/testing): each
// lesson loaded at port 0 and stepped to its end on the real kernel, as root
// with packet capture: `hello`, `echo`, `handshake`, and `hello` up to its
// blocked accept(), which a client of another program completed; `refused` (connect() answered
// by RST, then a connection the server accepts). `helloWholeTables` is `hello` as recorded before
// the kernel table was sent as changes (SPEC TABLE-1): every table whole. Never edit them by hand.

/** The lines of a recording, each checked by the protocol's own parser. */
const eventsOf = (text: string): SocklabEvent[] => parseRecording(text).events;

/** The raw text of each recording, to check line by line with `parseEvent`. */
export const recordingTexts = { hello, echo, handshake, helloOutside, refused } as const;

export const helloLog = eventsOf(hello);
export const handshakeLog = eventsOf(handshake);
export const echoLog = eventsOf(echo);
export const helloOutsideLog = eventsOf(helloOutside);
export const helloWholeTablesLog = eventsOf(helloWholeTables);
export const refusedLog = eventsOf(refused);

/** The cursor just after the first event of `log` that `is` matches; throws when none does. */
export function after(log: readonly SocklabEvent[], is: (event: SocklabEvent) => boolean): number {
  const index = log.findIndex(is);
  if (index < 0) throw new Error('after: no such event in the log');
  return index + 1;
}

/** The cursor just after the `lesson.ready` that announces step `next`. */
export const ready = (log: readonly SocklabEvent[], next: number | null): number =>
  after(log, (e) => e.type === 'lesson.ready' && e.next === next);

/** `events` numbered on from `seq` (as the server would append them to the log), in order. */
export function continued(events: readonly SocklabEvent[], seq: number): SocklabEvent[] {
  return events.map((event, i) => ({ ...event, seq: seq + i }));
}

/**
 * One long run made of real recordings: the first's `session.hello` and
 * `lesson.start`, then every other event of `logs`, again and again, until
 * `target` events, each copy with its own socket ids and callIds and every seq
 * numbered on, as one run of the playground grows. The events are the
 * recordings' own, renamed only.
 */
export function longRun(logs: readonly (readonly SocklabEvent[])[], target: number): SocklabEvent[] {
  const first = logs[0] ?? [];
  const log: SocklabEvent[] = first.filter((e) => e.type === 'session.hello' || e.type === 'lesson.start').slice(0, 2);
  const texts = logs.map((events) =>
    events.filter((e) => e.type !== 'session.hello' && e.type !== 'lesson.start').map((e) => JSON.stringify(e)),
  );
  for (let copy = 0; log.length < target; copy++) {
    for (const line of texts[copy % texts.length]!) {
      if (log.length >= target) break;
      const renamed = line
        .replaceAll('"sock-', `"r${copy}-sock-`)
        .replace(/"callId":(\d+)/g, (_m, id: string) => `"callId":${copy * 1000 + Number(id)}`);
      log.push({ ...(JSON.parse(renamed) as SocklabEvent), seq: log.length });
    }
  }
  return log;
}
