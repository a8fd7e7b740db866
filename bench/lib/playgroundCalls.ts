import type { EventOf, SocklabEvent } from '@socklab/protocol';
import type { BenchClient } from './wsClient.ts';

/** Where a cycle leaves each call's time (ms, command sent → its last event) and the bytes of the messages it got. */
export type CallSink = { ms: number[]; bytes: number[] };

/**
 * Runs one playground call and resolves with its `syscall.exit` once its last
 * event (its kernel table or table changes) arrived.
 */
export async function call(
  c: BenchClient,
  actor: string,
  body: Record<string, unknown>,
  sink?: CallSink,
): Promise<EventOf<'syscall.exit'>> {
  let callId: number | null = null;
  let exit: EventOf<'syscall.exit'> | null = null;
  const start = performance.now();
  const sizes = await c.until({ type: 'playground.call', actor, call: body }, (e: SocklabEvent) => {
    if (e.type === 'error') throw new Error(`${e.code}: ${e.message}`);
    if (e.type === 'syscall.enter') callId = e.callId;
    if (e.type === 'syscall.exit' && e.callId === callId) exit = e;
    return (e.type === 'kernel.table' || e.type === 'kernel.changes') && e.callId === callId;
  });
  sink?.ms.push(performance.now() - start);
  sink?.bytes.push(sizes.reduce((sum, n) => sum + n, 0));
  if (exit === null) throw new Error(`no syscall.exit for ${JSON.stringify(body)}`);
  return exit;
}

/** socket/bind/listen/getsockname/socket/connect/accept/write/read/close ×3 through the playground; resolves with its ms. */
export async function cycleThroughPlayground(c: BenchClient, sink?: CallSink): Promise<number> {
  const start = performance.now();
  const one = (actor: string, body: Record<string, unknown>) => call(c, actor, body, sink);
  const s = (await one('server', { syscall: 'socket' })).created;
  await one('server', { syscall: 'bind', socket: s, host: '127.0.0.1', port: 0 });
  await one('server', { syscall: 'listen', socket: s, backlog: 5 });
  const port = (await one('server', { syscall: 'getsockname', socket: s })).address?.port;
  const k = (await one('client', { syscall: 'socket' })).created;
  await one('client', { syscall: 'connect', socket: k, host: '127.0.0.1', port });
  const a = (await one('server', { syscall: 'accept', socket: s })).created;
  await one('client', { syscall: 'write', socket: k, text: 'hello' });
  await one('server', { syscall: 'read', socket: a, size: 64 });
  await one('client', { syscall: 'close', socket: k });
  await one('server', { syscall: 'close', socket: a });
  await one('server', { syscall: 'close', socket: s });
  return performance.now() - start;
}
