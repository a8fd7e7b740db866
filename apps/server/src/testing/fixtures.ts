import { Lab } from '@socklab/kernel';
import { type EventOf, recordingEnd, recordingHeader, type SocklabEvent } from '@socklab/protocol';
import { silentLogger } from '../logger.ts';
import { Session } from '../session.ts';

/** The sessions the web's tests replay, each recorded from a real run. */
export const fixtureNames = ['hello', 'echo', 'handshake', 'helloOutside', 'refused'] as const;
export type FixtureName = (typeof fixtureNames)[number];

/**
 * Runs one fixture's session for real, through a `Session` (as a browser
 * drives it over the WebSocket): the lesson at port 0, stepped to its end.
 * `helloOutside` is `hello` whose blocked accept() another program completes
 * (a socket of another lab on the session's network, so not the session's).
 *
 * @example
 * const events = await recordSession('echo');
 */
export async function recordSession(name: FixtureName): Promise<SocklabEvent[]> {
  const session = new Session({ id: `fixture-${name}`, logger: silentLogger });
  const events: SocklabEvent[] = [];
  session.log.subscribe((e) => events.push(e));
  let outside: Lab | undefined;
  try {
    session.hello();
    const lesson = name === 'helloOutside' ? 'hello' : name;
    await session.handle(JSON.stringify({ type: 'lesson.load', lesson, params: { port: 0 } }));
    const step = () => session.handle('{"type":"lesson.step"}');
    if (name === 'helloOutside') {
      // The server's socket, bind, listen and its blocked accept().
      for (let i = 0; i < 4; i++) await step();
      const port = events.findLast((e): e is EventOf<'lesson.port'> => e.type === 'lesson.port')?.port;
      if (port === undefined) throw new Error('recordSession: the kernel chose no port');
      // Another program on the lab's network (inside its namespace, if it has one).
      outside = new Lab({ netns: session.network?.lab.netns ?? null });
      const { created } = outside.socket();
      if (created === undefined) throw new Error('recordSession: no socket for the outside program');
      const accepted = new Promise<void>((resolve) =>
        session.log.subscribe((e) => {
          if (e.type === 'syscall.exit' && e.syscall === 'accept') resolve();
        }),
      );
      await outside.connect(created, { host: '127.0.0.1', port });
      // The kernel wakes the blocked accept(): its exit is the last event kept.
      await accepted;
      return events;
    }
    while (!events.some((e) => e.type === 'lesson.end' || e.type === 'error')) await step();
    return events;
  } finally {
    outside?.closeAll();
    session.close();
  }
}

/**
 * A recording's text as the server writes it for a session that closed: its
 * header, one event per line, and the end line (so a replay of it does not
 * say its run was cut).
 */
export function recordingText(name: FixtureName, events: readonly SocklabEvent[]): string {
  const lesson = name === 'helloOutside' ? 'hello' : name;
  const lines = [recordingHeader(lesson), ...events, recordingEnd(events.length)];
  return `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;
}

/**
 * What a fixture must keep when it is recorded again on another day or
 * machine: the lesson's events and every call with its result, not the
 * ports, timings, or packets the kernel's timers sent between calls.
 */
export function fixtureShape(events: readonly SocklabEvent[]): string[] {
  return events.flatMap((e) => {
    switch (e.type) {
      case 'lesson.start':
      case 'lesson.step':
      case 'lesson.end':
        return [`${e.type} ${e.lesson}`];
      case 'syscall.enter':
        return [`enter ${e.actor} ${e.call.syscall}`];
      case 'syscall.exit':
        return [`exit ${e.actor} ${e.syscall} ${e.ret < 0 ? (e.errno?.name ?? '-1') : 'ok'}`];
      case 'output':
        return [`output ${e.actor} ${e.text}`];
      default:
        return [];
    }
  });
}
