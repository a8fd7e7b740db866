import { afterEach, describe, expect, it } from 'vitest';
import { Lab } from './lab.ts';
import { NetNamespace } from './netns.ts';
import { SocketTable } from './observe/socketTable.ts';

const probe = NetNamespace.create();
probe.ns?.close();
const canIsolate = probe.ns !== null;

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.reverse()) f();
  cleanup = [];
});

function isolatedLab(): Lab {
  const made = NetNamespace.create();
  if (!made.ns) throw new Error(made.reason);
  const ns = made.ns;
  const lab = new Lab({ netns: ns });
  cleanup.push(() => {
    lab.closeAll();
    ns.close();
  });
  return lab;
}

function listenOn(lab: Lab, port: number) {
  const id = lab.socket().created as string;
  const bind = lab.bind(id, { host: '127.0.0.1', port });
  const listen = lab.listen(id, 5);
  return { id, bind, listen };
}

describe.skipIf(!canIsolate)('NetNamespace (as root)', () => {
  it('gives each lab its own ports: a port the host’s listener holds is free in each lab', async () => {
    const host = new Lab();
    cleanup.push(() => host.closeAll());
    const onHost = listenOn(host, 0);
    const port = host.observe(onHost.id).local?.port as number;
    const a = isolatedLab();
    const b = isolatedLab();
    const inA = listenOn(a, port);
    expect([inA.bind.ret, listenOn(b, port).bind.ret]).toEqual([0, 0]);
    // A client of the host's network reaches the host's listener, not a lab's.
    const client = host.socket().created as string;
    expect((await host.connect(client, { host: '127.0.0.1', port })).ret).toBe(0);
    expect([host.observe(onHost.id).acceptQueue, a.observe(inA.id).acceptQueue]).toEqual([1, 0]);
  });

  it('has lo up, so a connection inside works; programs outside cannot reach it', async () => {
    const host = new Lab();
    cleanup.push(() => host.closeAll());
    const port = host.freePort();
    const lab = isolatedLab();
    const { id } = listenOn(lab, port);
    const client = lab.socket().created as string;
    expect((await lab.connect(client, { host: '127.0.0.1', port })).ret).toBe(0);
    expect(lab.observe(id).acceptQueue).toBe(1);
    const outside = host.socket().created as string;
    expect((await host.connect(outside, { host: '127.0.0.1', port })).errno?.name).toBe('ECONNREFUSED');
  });

  it('a socket table made inside sees the namespace’s sockets only', () => {
    const lab = isolatedLab();
    listenOn(lab, 4000);
    const inside = lab.within(() => new SocketTable());
    // Port 4000 inside the lab: the seed's port, whatever the host holds there.
    const outside = new SocketTable();
    cleanup.push(() => {
      inside.close();
      outside.close();
    });
    const rows = inside.byPort(4000);
    expect(rows.map((r) => r.state)).toEqual(['LISTEN']);
    // The host's table may hold port 4000 too (anyone's), but never the lab's socket.
    expect(outside.byPort(4000).map((r) => r.inode)).not.toContain(rows[0]?.inode);
  });

  it('finds a free port in the lab’s own network', () => {
    const lab = isolatedLab();
    expect(lab.freePort()).toBeGreaterThanOrEqual(1024);
  });
});

describe('NetNamespace without the privilege', () => {
  it.skipIf(canIsolate)('says why it cannot make one', () => {
    expect(probe.ns).toBeNull();
    expect(!probe.ns && probe.reason).toMatch(/CAP_SYS_ADMIN|not linux/i);
  });
});
