import type { EventOf, SocklabEvent } from '@socklab/protocol';
import type { BenchClient } from './wsClient.ts';

/** Runs one playground call and resolves with its `syscall.exit` once its last event (its kernel table) arrived. */
export async function call(
  c: BenchClient,
  actor: string,
  body: Record<string, unknown>,
): Promise<EventOf<'syscall.exit'>> {
  let callId: number | null = null;
  let exit: EventOf<'syscall.exit'> | null = null;
  await c.until({ type: 'playground.call', actor, call: body }, (e: SocklabEvent) => {
    if (e.type === 'error') throw new Error(`${e.code}: ${e.message}`);
    if (e.type === 'syscall.enter') callId = e.callId;
    if (e.type === 'syscall.exit' && e.callId === callId) exit = e;
    return (e.type === 'kernel.table' || e.type === 'kernel.changes') && e.callId === callId;
  });
  if (exit === null) throw new Error(`no syscall.exit for ${JSON.stringify(body)}`);
  return exit;
}

/** socket/bind/listen/getsockname/socket/connect/accept/write/read/close ×3 through the playground; resolves with its ms. */
export async function cycleThroughPlayground(c: BenchClient): Promise<number> {
  const start = performance.now();
  const s = (await call(c, 'server', { syscall: 'socket' })).created;
  await call(c, 'server', { syscall: 'bind', socket: s, host: '127.0.0.1', port: 0 });
  await call(c, 'server', { syscall: 'listen', socket: s, backlog: 5 });
  const port = (await call(c, 'server', { syscall: 'getsockname', socket: s })).address?.port;
  const k = (await call(c, 'client', { syscall: 'socket' })).created;
  await call(c, 'client', { syscall: 'connect', socket: k, host: '127.0.0.1', port });
  const a = (await call(c, 'server', { syscall: 'accept', socket: s })).created;
  await call(c, 'client', { syscall: 'write', socket: k, text: 'hello' });
  await call(c, 'server', { syscall: 'read', socket: a, size: 64 });
  await call(c, 'client', { syscall: 'close', socket: k });
  await call(c, 'server', { syscall: 'close', socket: a });
  await call(c, 'server', { syscall: 'close', socket: s });
  return performance.now() - start;
}
