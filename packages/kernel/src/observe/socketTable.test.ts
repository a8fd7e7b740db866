import { afterEach, describe, expect, it } from 'vitest';
import { Lab } from '../lab.ts';
import { SocketTable } from './socketTable.ts';
import { boundSocket, connectTo, listener, ours } from './testing.ts';

let lab: Lab;
const tables: SocketTable[] = [];

afterEach(() => {
  lab.closeAll();
  for (const t of tables.splice(0)) t.close();
});

function table(options: { source?: 'auto' | 'proc' } = {}): SocketTable {
  const t = new SocketTable(options);
  tables.push(t);
  return t;
}

describe('SocketTable', () => {
  it('uses sock_diag on this machine', () => {
    lab = new Lab();
    const t = table();
    expect(t.source).toBe('sock_diag');
    expect(t.reason).toBeNull();
  });

  it('falls back to /proc when asked, and says why', () => {
    lab = new Lab();
    const t = table({ source: 'proc' });
    expect(t.source).toBe('proc');
    expect(t.reason).toMatch(/proc/);
  });

  it('answers lookup() and byPort() the same from both sources', async () => {
    lab = new Lab();
    const l = listener(lab, 5);
    const { clientEnd, serverEnd } = await connectTo(lab, l);
    const diag = table();
    const proc = table({ source: 'proc' });
    for (const t of [diag, proc]) {
      expect(t.lookup(serverEnd, clientEnd)).toMatchObject({ state: 'ESTABLISHED', inode: 0 });
      // Only this test's own connection: on the host's network another program may share the port number.
      const ends = new Set([l.port, clientEnd.port]);
      const mine = (s: { local: { port: number }; remote: { port: number } | null }) =>
        ends.has(s.local.port) && (s.remote === null || ends.has(s.remote.port));
      expect(
        t
          .byPort(l.port, 'inet')
          .filter(mine)
          .map((s) => s.state)
          .sort(),
      ).toEqual(['ESTABLISHED', 'ESTABLISHED', 'LISTEN']);
      expect(t.byPort(l.port, 'inet6')).toEqual([]);
    }
  });

  it('shows bound-only sockets only through sock_diag', () => {
    lab = new Lab();
    const { port } = boundSocket(lab);
    expect(ours(lab, table().byPort(port))).toHaveLength(1);
    expect(ours(lab, table({ source: 'proc' }).byPort(port))).toEqual([]);
  });

  it('throws for misuse and after close()', () => {
    lab = new Lab();
    const t = table();
    expect(() => t.byPort(-1)).toThrow('-1');
    t.close();
    expect(() => t.byPort(1)).toThrow('closed');
  });
});
