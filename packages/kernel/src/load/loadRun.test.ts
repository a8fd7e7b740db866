import { readdirSync } from 'node:fs';
import { ErrorCode, type SocklabError } from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { Lab } from '../lab.ts';
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
});
