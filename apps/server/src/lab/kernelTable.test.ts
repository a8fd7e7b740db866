import { Lab, type LabCall, SocketTable, TableObserver } from '@socklab/kernel';
import {
  type EventOf,
  isValidEvent,
  type KernelRow,
  protocolLimits,
  type SocklabEvent,
  TableFold,
} from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from '../eventLog.ts';
import { LabCalls } from './calls.ts';
import { wholeTableEvery } from './kernelTable.ts';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup) f();
  cleanup = [];
});

type TableEvent = EventOf<'kernel.table'> | EventOf<'kernel.changes'>;
const isTable = (e: SocklabEvent): e is TableEvent => e.type === 'kernel.table' || e.type === 'kernel.changes';

// A lab whose every call is checked: the table folded from what was sent against the observer's whole table.
function lab() {
  const lab = new Lab();
  const log = new EventLog();
  const events = log.events() as SocklabEvent[];
  const socketTable = new SocketTable();
  const engine = new LabCalls(lab, (e) => log.append(e), { table: new TableObserver(socketTable) });
  cleanup.push(() => {
    engine.dispose();
    lab.closeAll();
    socketTable.close();
  });
  let whole: (() => KernelRow[]) | null = null;
  const run = async (actor: string, call: LabCall) => {
    const before = events.length;
    await engine.run({
      actor,
      call,
      creates: { role: 'client', name: null },
      onExit: (done) => {
        whole = done.rows;
      },
    });
    const exit = events.slice(before).find((e) => e.type === 'syscall.exit');
    return { created: exit?.type === 'syscall.exit' ? (exit.created ?? '') : '', added: events.slice(before) };
  };
  return { events, run, whole: () => whole?.() ?? [] };
}

describe('the kernel table as changes', () => {
  it('TABLE-1, LOG-2: through 600 connections and more left in TIME_WAIT, what was sent folds to the kernel’s whole table after every call, and no event breaks its schema', async () => {
    const { events, run, whole } = lab();
    const fold = new TableFold();
    let folded = 0;
    const foldNew = () => {
      for (; folded < events.length; folded++) {
        const e = events[folded] as SocklabEvent;
        if (isTable(e)) fold.add(e);
      }
      return fold.rows;
    };
    const listener = (await run('server', { syscall: 'socket' })).created;
    await run('server', { syscall: 'bind', socket: listener, host: '127.0.0.1', port: 0 });
    await run('server', { syscall: 'listen', socket: listener, backlog: 16 });
    const port = events.findLast((e) => e.type === 'socket.state' && e.socket === listener && e.local?.port);
    const address = port?.type === 'socket.state' ? (port.local?.port ?? 0) : 0;
    // Until the kernel holds more TIME_WAITs than one table event may carry. Not a fixed count: with
    // net.ipv4.tcp_tw_reuse (2: loopback) a new connect() may reuse a TIME_WAIT's port to the same listener.
    const timeWaits = () => whole().filter((r) => r.state === 'TIME_WAIT').length;
    const enough = protocolLimits.maxTableRows + 88;
    for (let i = 0; i < 600 || (timeWaits() < enough && i < 3000); i++) {
      const client = (await run('client', { syscall: 'socket' })).created;
      await run('client', { syscall: 'connect', socket: client, host: '127.0.0.1', port: address });
      const conn = (await run('server', { syscall: 'accept', socket: listener })).created;
      // The client closes first: its end stays in TIME_WAIT for 60 s, a row of the table.
      await run('client', { syscall: 'close', socket: client });
      await run('server', { syscall: 'close', socket: conn });
      if (i % 50 === 0) expect(JSON.stringify(foldNew())).toBe(JSON.stringify(whole()));
    }
    const last = await run('server', { syscall: 'getsockname', socket: listener });
    expect(JSON.stringify(foldNew())).toBe(JSON.stringify(whole()));
    expect(fold.rows.filter((r) => r.state === 'TIME_WAIT').length).toBeGreaterThanOrEqual(enough);
    expect(fold.rows.length).toBeGreaterThan(protocolLimits.maxTableRows);

    // A call that changed nothing in the kernel's table sends that: no rows, whatever the table holds.
    const table = last.added.filter(isTable);
    expect(table).toEqual([expect.objectContaining({ type: 'kernel.changes', rows: [], removed: [] })]);
    expect(JSON.stringify(table[0]).length).toBeLessThan(200);

    const tables = events.filter(isTable);
    expect(events.every((e) => isValidEvent(e))).toBe(true);
    expect(Math.max(...tables.map((t) => t.rows.length))).toBeLessThanOrEqual(protocolLimits.maxTableRows);
    // The whole table again now and then, so a viewer joining from a bounded log has one.
    let since = 0;
    for (const t of tables) {
      since = t.type === 'kernel.table' ? 0 : since + 1;
      expect(since).toBeLessThan(2 * wholeTableEvery);
    }
    const parts = tables.filter((t) => t.type === 'kernel.table' && t.rows.length === protocolLimits.maxTableRows);
    expect(parts.length, 'a whole table of more than 512 rows goes in parts').toBeGreaterThan(0);
  }, 120_000);
});
