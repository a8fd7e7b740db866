import { heldSockets } from '@socklab/kernel';
import type { SocklabEvent } from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { capabilities } from './lab/network.ts';
import { LabSocketPool } from './limits.ts';
import { silentLogger } from './logger.ts';
import { Session } from './session.ts';
import { trueWithin } from './testing/harness.ts';

let sessions: Session[] = [];
afterEach(() => {
  for (const s of sessions) s.close();
  sessions = [];
});

const found = capabilities();

type Opened = { session: Session; events: SocklabEvent[] };

function loaded(isolate: boolean, pool: LabSocketPool): Opened {
  const session = new Session({
    id: `idle-${sessions.length}`,
    logger: silentLogger,
    sockets: pool,
    ...(isolate ? {} : { isolate: false }),
  });
  sessions.push(session);
  const events: SocklabEvent[] = [];
  session.log.subscribe((e) => events.push(e));
  session.hello();
  void session.handle(JSON.stringify({ type: 'lesson.load', lesson: 'hello', params: { port: 0 } }));
  return { session, events };
}

const watching = () => {
  const held = heldSockets();
  return { packet: held.packet, netlink: held.netlink };
};

describe('capture and sock_diag are opened at a session’s first lab socket (SECURITY.md #12)', () => {
  for (const isolate of [true, false]) {
    it(`SECURITY 12: 20 idle sessions add no AF_PACKET or netlink fd; one socket opens them; close gives them back (${isolate ? 'namespace' : 'shared network'})`, async () => {
      const pool = new LabSocketPool(1000);
      // The capabilities were probed above, once for the process; what the probe opened is closed.
      const before = watching();
      const idle = Array.from({ length: 20 }, () => loaded(isolate, pool));
      await Promise.all(idle.map((o) => o.session.handle('{"type":"lesson.reset"}')));
      expect(idle.every((o) => o.events.some((e) => e.type === 'lesson.ready'))).toBe(true);
      expect(watching()).toEqual(before);

      const busy = idle[0] as Opened;
      await busy.session.handle(JSON.stringify({ type: 'lesson.step' }));
      expect(busy.events.some((e) => e.type === 'syscall.exit' && e.syscall === 'socket' && e.ret >= 0)).toBe(true);
      const working = watching();
      expect(working.packet).toBe(before.packet + (found.capture.available ? 1 : 0));
      expect(working.netlink).toBeGreaterThanOrEqual(before.netlink + (found.sockDiag.available ? 1 : 0));

      busy.session.close();
      // A packet socket is closed on the thread pool (its close waits for an RCU grace period): given back within
      // ms; the ceiling is only for a stuck close, generous so that a loaded machine does not fail it.
      expect(await trueWithin(() => JSON.stringify(watching()) === JSON.stringify(before), 10_000)).toBe(true);
      expect(watching()).toEqual(before);
      for (const o of idle) o.session.close();
      expect(await trueWithin(() => pool.open === 0, 1000)).toBe(true);
    });
  }
});
