import type { EventOf, SocklabEvent } from '@socklab/protocol';
import { Session, silentLogger } from '@socklab/server';

/**
 * A real playground session on this kernel, as the log a browser would receive:
 * a server accepts connection after connection and the two ends exchange
 * `exchanges` write/read pairs each, until the log holds `target` events (a run
 * may make 10,000 calls, about 67,000 events: a longer log holds two runs).
 */
export async function recordPlayground(target: number, exchanges = 500): Promise<SocklabEvent[]> {
  const session = new Session({ id: 'bench', logger: silentLogger });
  const events: SocklabEvent[] = [];
  let arrived: (() => void) | null = null;
  session.log.subscribe((e) => {
    events.push(e);
    arrived?.();
  });
  /** The first event after index `from` that `is` matches, waiting for it (a read may block until its data arrives). */
  const next = async <T extends SocklabEvent>(
    from: number,
    is: (e: SocklabEvent) => e is T,
    what: string,
  ): Promise<T> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = events.slice(from).find(is);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no ${what}`);
      await new Promise<void>((ok) => {
        arrived = ok;
        setTimeout(ok, 100);
      });
      arrived = null;
    }
  };
  const call = async (actor: string, body: Record<string, unknown>): Promise<EventOf<'syscall.exit'>> => {
    const before = events.length;
    await session.handle(JSON.stringify({ type: 'playground.call', actor, call: body }));
    const added = events.slice(before);
    const error = added.find((e) => e.type === 'error');
    if (error !== undefined) throw new Error(`${JSON.stringify(body)}: ${JSON.stringify(error)}`);
    const enter = added.find((e): e is EventOf<'syscall.enter'> => e.type === 'syscall.enter');
    if (enter === undefined) throw new Error(`no call for ${JSON.stringify(body)}`);
    // On a loaded machine a read may run before the write's bytes reached its socket: it blocks, and returns when they do.
    return next(
      before,
      (e): e is EventOf<'syscall.exit'> => e.type === 'syscall.exit' && e.callId === enter.callId,
      `exit for ${JSON.stringify(body)}`,
    );
  };
  let calls = 0;
  const counted = (actor: string, body: Record<string, unknown>) => {
    calls++;
    return call(actor, body);
  };
  try {
    // A run may make 10,000 calls and create 256 sockets: past that, the playground starts over (a new run).
    while (events.length < target) {
      await session.handle('{"type":"playground.start"}');
      calls = 0;
      const listener = (await counted('server', { syscall: 'socket' })).created;
      await counted('server', { syscall: 'bind', socket: listener, host: '127.0.0.1', port: 0 });
      await counted('server', { syscall: 'listen', socket: listener, backlog: 5 });
      const port = (await counted('server', { syscall: 'getsockname', socket: listener })).address?.port;
      for (let made = 1; events.length < target && made < 250 && calls < 10_000 - exchanges * 2 - 10; made += 2) {
        const client = (await counted('client', { syscall: 'socket' })).created;
        await counted('client', { syscall: 'connect', socket: client, host: '127.0.0.1', port });
        const accepted = (await counted('server', { syscall: 'accept', socket: listener })).created;
        for (let i = 0; i < exchanges && events.length < target; i++) {
          await counted('client', { syscall: 'write', socket: client, text: `ping ${i}` });
          await counted('server', { syscall: 'read', socket: accepted, size: 64 });
        }
        await counted('client', { syscall: 'close', socket: client });
        await counted('server', { syscall: 'close', socket: accepted });
      }
    }
  } finally {
    session.close();
  }
  return events.slice(0, target);
}
