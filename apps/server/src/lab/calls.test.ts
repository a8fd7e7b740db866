import { Lab, type LabCall, SocketTable, TableObserver } from '@socklab/kernel';
import { type EventOf, type SocklabEvent, wholeTables } from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from '../eventLog.ts';
import { LabCalls } from './calls.ts';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup) f();
  cleanup = [];
});

function calls(options: { table?: boolean } = {}) {
  const lab = new Lab();
  const log = new EventLog();
  const events = log.events() as SocklabEvent[];
  const table = options.table ? new SocketTable() : null;
  const engine = new LabCalls(lab, (e) => log.append(e), { table: table ? new TableObserver(table) : null });
  cleanup.push(() => {
    engine.dispose();
    lab.closeAll();
    table?.close();
  });
  const run = async (actor: string, call: LabCall, name: string | null = null) => {
    const before = events.length;
    await engine.run({ actor, call, creates: { role: 'client', name } });
    return events.slice(before);
  };
  const created = (added: SocklabEvent[]) =>
    (added.find((e) => e.type === 'syscall.exit') as EventOf<'syscall.exit'> | undefined)?.created as string;
  return { lab, events, engine, run, created };
}

const of = <T extends SocklabEvent['type']>(events: readonly SocklabEvent[], type: T) =>
  events.filter((e): e is EventOf<T> => e.type === type);

describe('LabCalls', () => {
  it('CALL-2: a refused call emits nothing and makes no syscall', async () => {
    const { run, created, events, engine } = calls();
    const s = created(await run('server', { syscall: 'socket' }));
    const before = events.length;
    const refused = [
      { syscall: 'connect', socket: s, host: '10.0.0.1', port: 80 },
      { syscall: 'bind', socket: s, host: '::ffff:127.0.0.1', port: 4000 },
      { syscall: 'listen', socket: 'sock-99', backlog: 5 },
      { syscall: 'read', socket: s, size: 1 << 20 },
    ] as const;
    for (const call of refused) await expect(engine.run({ actor: 'server', call })).rejects.toHaveProperty('code');
    expect(events.length).toBe(before);
    await run('server', { syscall: 'close', socket: s });
    const afterClose = events.length;
    await expect(engine.run({ actor: 'server', call: { syscall: 'close', socket: s } })).rejects.toMatchObject({
      code: 'SOCKLAB_ERR_CLOSED_SOCKET',
    });
    expect(events.length).toBe(afterClose);
  });

  it('CALL-3: the arguments shown are the ones the kernel got', async () => {
    const { run, created } = calls();
    const v6 = created(await run('server', { syscall: 'socket', family: 'inet6' }));
    const bind = of(await run('server', { syscall: 'bind', socket: v6, host: '::1', port: 0 }), 'syscall.enter')[0];
    expect(bind?.call).toEqual({
      syscall: 'bind',
      fd: expect.any(Number),
      address: { family: 'inet6', host: '::1', port: 0 },
      addrlen: 28,
    });
    const v4 = created(await run('client', { syscall: 'socket' }));
    const nodelay = { syscall: 'setsockopt', socket: v4, option: 'TCP_NODELAY', value: 1 } as const;
    const enter = of(await run('client', nodelay), 'syscall.enter')[0];
    expect(enter?.call).toMatchObject({ syscall: 'setsockopt', level: 'IPPROTO_TCP', option: 'TCP_NODELAY' });
    const linger = { syscall: 'setsockopt', socket: v4, option: 'SO_LINGER', value: 0 } as const;
    expect(of(await run('client', linger), 'syscall.enter')[0]?.call).toMatchObject({ level: 'SOL_SOCKET' });
  });

  it('TRUTH-1: rows say where they came from, and a socket in no kernel table is not a row', async () => {
    const { run, created, events } = calls({ table: true });
    const s = created(await run('server', { syscall: 'socket' }));
    const tables = () => wholeTables(events);
    expect(tables().at(-1)?.rows).toEqual([]);
    await run('server', { syscall: 'bind', socket: s, host: '127.0.0.1', port: 0 });
    // Bound to the port the kernel chose: no other socket is there, and its own TCP_INFO says so.
    expect(tables().at(-1)?.rows).toEqual([
      expect.objectContaining({ source: 'tcp_info', state: 'CLOSED', linuxState: 'CLOSE', socket: s }),
    ]);
    await run('server', { syscall: 'listen', socket: s, backlog: 3 });
    expect(tables().at(-1)?.rows).toEqual([
      expect.objectContaining({
        source: 'tcp_info',
        state: 'LISTEN',
        sendQ: 3,
        timer: { kind: 'off', expiresMs: 0, retrans: 0 },
      }),
    ]);
    // A bind to a port the program names scans that port: every socket on it, as sock_diag (or /proc) lists it.
    const port = (tables().at(-1)?.rows[0]?.local.port ?? 0) as number;
    const t = created(await run('client', { syscall: 'socket' }));
    await run('client', { syscall: 'bind', socket: t, host: '127.0.0.2', port });
    const source = tables().at(-1)?.source;
    expect(tables().at(-1)?.rows).toEqual([
      expect.objectContaining({ source, state: 'LISTEN', socket: s }),
      expect.objectContaining({ source, local: expect.objectContaining({ host: '127.0.0.2', port }), socket: t }),
    ]);
  });

  it('TRUTH-3: each socket.state names the C variable that holds the fd', async () => {
    const { run, events } = calls();
    await run('server', { syscall: 'socket' }, 'server_socket');
    await run('client', { syscall: 'socket' });
    expect(of(events, 'socket.state').map((s) => [s.actor, s.name])).toEqual([
      ['server', 'server_socket'],
      ['client', null],
    ]);
  });
});
