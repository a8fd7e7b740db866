import { readdirSync, readFileSync } from 'node:fs';
import { ErrorCode, type SocklabError } from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { Lab, type SocketBudget } from '../lab.ts';
import { NetNamespace } from '../netns.ts';
import { callsPerClient, listenerCalls, runLoad } from './loadRun.ts';
import type { LoadSample } from './sampler.ts';

let lab: Lab | undefined;
let ns: NetNamespace | null = null;
afterEach(() => {
  lab?.closeAll();
  ns?.close();
  lab = undefined;
  ns = null;
});

const message = Buffer.from('hello, socklab');
const openFds = () => readdirSync('/proc/self/fd').length;

/** TcpExt's ListenOverflows of the network the calling thread is in (/proc/thread-self/net/netstat). */
function listenOverflows(): number {
  const lines = readFileSync('/proc/thread-self/net/netstat', 'utf8').split('\n');
  const names = lines.find((l) => l.startsWith('TcpExt:'))?.split(' ') ?? [];
  const values = lines.filter((l) => l.startsWith('TcpExt:'))[1]?.split(' ') ?? [];
  return Number(values[names.indexOf('ListenOverflows')]);
}

describe('runLoad through the driver', () => {
  it('LOAD-1, CALL-1: every call of 200 clients is counted with its real result, and the totals add up to 10 × N + 4', async () => {
    lab = new Lab({ limits: { maxSockets: 401 } });
    const samples: LoadSample[] = [];
    const out = await runLoad(lab, { clients: 200, port: 0, backlog: 256, message, sampleMs: 20 }, (s) =>
      samples.push(s),
    );
    expect(out.refused).toBeNull();
    expect(out.planned).toBe(listenerCalls + callsPerClient * 200);
    expect(out.tally.made).toBe(out.planned);
    const results = out.tally.results();
    expect(results.reduce((n, r) => n + r.count, 0)).toBe(out.planned);
    expect(out.tally.count('clients', 'connect', 0)).toBe(200);
    expect(out.tally.count('server', 'accept', 'fd')).toBe(200);
    expect(out.tally.count('clients', 'read', message.length)).toBe(200);
    // The server reads the message, then the end of file the client's close() sent.
    expect(out.tally.count('server', 'read', message.length)).toBe(200);
    expect(out.tally.count('server', 'read', 0)).toBe(200);
    expect(out.peakSockets).toBeGreaterThan(1);
    expect(out.peakSockets).toBeLessThanOrEqual(401);
    // The kernel's table: the listener first, with the backlog it was given; at the end every
    // client's end waits in TIME_WAIT (the clients closed first) and no socket of the lab is open.
    const first = samples[0];
    expect(first?.states.LISTEN).toBe(1);
    expect(first?.backlog).toBe(256);
    const last = samples.at(-1);
    expect(last?.phase).toBe('done');
    expect(last?.states.TIME_WAIT).toBe(200);
    expect(last?.states.LISTEN).toBeUndefined();
    expect(last?.closed).toBe(200);
    expect(lab.sockets().every((s) => s.closed)).toBe(true);
  });

  it('LOAD-1: each fd joins the epoll set once; each call is made once, again only after an EAGAIN; no fd is left open', async () => {
    lab = new Lab({ limits: { maxSockets: 401 } });
    const before = openFds();
    const out = await runLoad(lab, { clients: 200, port: 0, backlog: 256, message, sampleMs: 20 }, () => {});
    expect(out.tally.made).toBe(out.planned);
    const { libc } = out;
    // Every client's socket and every accepted connection, and the listener: added once, never modified.
    expect(libc.epoll_ctl).toBe(2 * 200 + 1);
    expect(libc.socket).toBe(200);
    expect(libc.setsockopt).toBe(200);
    expect(libc.connect).toBe(200);
    expect(libc.getsockopt).toBeLessThanOrEqual(200);
    expect(libc.close).toBe(400);
    // Four calls of each client and connection may wait (the server's accept too): each at most twice.
    expect(libc.send).toBeGreaterThanOrEqual(400);
    expect(libc.send).toBeLessThanOrEqual(800);
    expect(libc.read).toBeGreaterThanOrEqual(600);
    expect(libc.read).toBeLessThanOrEqual(1200);
    expect(libc.accept4).toBeGreaterThanOrEqual(200);
    expect(libc.accept4).toBeLessThanOrEqual(400);
    // A call that waited was made once more than counted: its EAGAIN first.
    const waited = out.tally
      .results()
      .filter((r) => r.syscall === 'read' || r.syscall === 'write' || r.syscall === 'accept')
      .reduce((n, r) => n + r.blocked, 0);
    expect(libc.read + libc.send + libc.accept4).toBeGreaterThanOrEqual(200 * 5 + waited);
    lab.closeAll();
    expect(openFds()).toBe(before);
  });

  it('LOAD-1, SECURITY 12: the run’s sockets count against the lab’s budget while it runs, and every one comes back', async () => {
    let taken = 0;
    const budget: SocketBudget = {
      take: () => {
        taken++;
      },
      give: () => {
        taken--;
      },
    };
    lab = new Lab({ limits: { maxSockets: 41 }, budget });
    const during: number[] = [];
    // The sample taken when the last echo is read: every socket the run lent is still counted.
    const out = await runLoad(lab, { clients: 20, port: 0, backlog: 32, message, sampleMs: 60_000 }, (s) => {
      if (s.phase === 'close') during.push(taken);
    });
    expect(out.tally.made).toBe(out.planned);
    expect(during).toEqual([41]);
    expect(taken).toBe(0);
  });

  it('LOAD-1, SECURITY 13: closeAll() while the clients run stops the run with SOCKLAB_ERR_CANCELLED and closes every fd', async () => {
    lab = new Lab({ limits: { maxSockets: 101 } });
    const open = lab;
    const before = openFds();
    let closed = false;
    const out = await runLoad(open, { clients: 50, port: 0, backlog: 64, message, sampleMs: 0 }, (s) => {
      if (!closed && s.connected >= 10) {
        closed = true;
        open.closeAll();
      }
    });
    expect(closed).toBe(true);
    expect(out.refused).toContain(ErrorCode.cancelled);
    expect(out.tally.made).toBeLessThan(out.planned);
    expect(openFds()).toBe(before);
  });

  it('LOAD-1, SECURITY 6: clients more than the lab may hold are refused with SOCKLAB_ERR_LIMIT before any syscall', async () => {
    lab = new Lab({ limits: { maxSockets: 64 } });
    const before = openFds();
    const err = await runLoad(lab, { clients: 32, port: 0, backlog: 16, message, sampleMs: 50 }, () => {}).catch(
      (e: SocklabError) => e,
    );
    expect((err as SocklabError).code).toBe(ErrorCode.limit);
    expect((err as SocklabError).message).toContain('at most 31 clients');
    expect(lab.sockets()).toHaveLength(0);
    expect(openFds()).toBe(before);
  });

  it('ISO-1: in a network namespace of its own, the table holds only the run (where namespaces can be made)', async (ctx) => {
    const made = NetNamespace.create();
    if (!made.ns) return ctx.skip();
    ns = made.ns;
    lab = new Lab({ limits: { maxSockets: 101 }, netns: ns });
    const samples: LoadSample[] = [];
    const out = await runLoad(lab, { clients: 50, port: 4000, backlog: 64, message, sampleMs: 20 }, (s) =>
      samples.push(s),
    );
    expect(out.port).toBe(4000);
    expect(out.tally.made).toBe(out.planned);
    expect(samples.at(-1)?.states).toEqual({ TIME_WAIT: 50 });
  });

  it('LOAD-1: more clients than the backlog: the server accepts while they connect, and the accept queue never overflows', async (ctx) => {
    const made = NetNamespace.create();
    if (!made.ns) return ctx.skip();
    ns = made.ns;
    lab = new Lab({ limits: { maxSockets: 1201 }, netns: ns });
    const out = await runLoad(lab, { clients: 600, port: 4000, backlog: 128, message, sampleMs: 25 }, () => {});
    expect(out.tally.made).toBe(out.planned);
    expect(lab.within(listenOverflows)).toBe(0);
  });
});
