/**
 * What one lesson step costs to observe, three ways, with ten lab sockets open
 * (five connected pairs on loopback):
 *   ours  SocketTable.lookup() of the step's two sockets (sock_diag) + lab.observe() (TCP_INFO) of both
 *   ss    one `ss -tan` subprocess
 *   proc  one full parse of /proc/net/tcp and /proc/net/tcp6
 * plus, for context, the parts of `ours`, a sock_diag dump by port, and `ours` over /proc.
 * Run: npx tsx bench/observe.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { Lab, type Observation, readProcNetTcp, SocketTable, TableObserver } from '@socklab/kernel';
import type { Address } from '@socklab/protocol';

type Row = { name: string; what: string; times: number[] };

const pairs = 5;
const lab = new Lab();
const table = new SocketTable();
const procTable = new SocketTable({ source: 'proc' });
if (table.source !== 'sock_diag') console.log(`note: sock_diag unavailable (${table.reason}); "ours" reads /proc`);

try {
  const listener = lab.socket('inet').created as string;
  lab.bind(listener, { host: '127.0.0.1', port: 0 });
  lab.listen(listener, pairs);
  const port = lab.getsockname(listener).address?.port as number;
  const connected: { client: string; server: string; clientEnd: Address; serverEnd: Address }[] = [];
  for (let i = 0; i < pairs; i++) {
    const client = lab.socket('inet').created as string;
    const rc = await lab.connect(client, { host: '127.0.0.1', port });
    if (rc.ret !== 0) throw new Error(`connect failed: ${rc.errno?.name}`);
    const server = (await lab.accept(listener)).created as string;
    const clientEnd = lab.getsockname(client).address;
    const serverEnd = lab.getpeername(client).address;
    if (!clientEnd || !serverEnd) throw new Error('no addresses after connect');
    connected.push({ client, server, clientEnd, serverEnd });
  }
  lab.close(listener);
  const open = lab.sockets().filter((s) => !s.closed).length;

  const step = (t: SocketTable, i: number) => {
    const p = connected[i % pairs];
    if (!p) throw new Error('no pair');
    const seen = [t.lookup(p.clientEnd, p.serverEnd), t.lookup(p.serverEnd, p.clientEnd)];
    lab.observe(p.client);
    lab.observe(p.server);
    if (seen.some((s) => s?.state !== 'ESTABLISHED')) throw new Error('a lab socket is not ESTABLISHED');
  };

  // What the lesson runner does after a call: TCP_INFO of the step's sockets,
  // then the kernel table refreshed for the step's ports (exact lookups).
  const observer = new TableObserver(table);
  const all = new Map<string, Observation>(lab.sockets().map((sock) => [sock.id, lab.observe(sock.id)]));
  observer.rows(lab.sockets(), all);
  const runnerStep = (i: number) => {
    const p = connected[i % pairs];
    if (!p) throw new Error('no pair');
    const observed = new Map([
      [p.client, lab.observe(p.client)],
      [p.server, lab.observe(p.server)],
    ]);
    observer.rows(lab.sockets(), observed, { onlyObserved: true });
  };

  const rows: Row[] = [
    measure('runner step', 'TCP_INFO ×2 + TableObserver.rows for the step’s connection', 2000, 200, runnerStep),
    measure('ours', `lookup ×2 (${table.source}) + TCP_INFO ×2`, 2000, 200, (i) => step(table, i)),
    measure('  lookup ×2', 'of which: SocketTable.lookup ×2', 2000, 200, (i) => {
      const p = connected[i % pairs];
      if (p) table.lookup(p.clientEnd, p.serverEnd) && table.lookup(p.serverEnd, p.clientEnd);
    }),
    measure('  TCP_INFO ×2', 'of which: lab.observe ×2', 2000, 200, (i) => {
      const p = connected[i % pairs];
      if (p) lab.observe(p.client) && lab.observe(p.server);
    }),
    measure('byPort', `SocketTable.byPort (${table.source} dump, both families)`, 500, 20, () => table.byPort(port)),
    measure('ours via /proc', 'lookup ×2 (proc) + TCP_INFO ×2', 500, 20, (i) => step(procTable, i)),
  ];
  const ss = spawnSync('ss', ['-V'], { encoding: 'utf8' });
  if (ss.status === 0) {
    rows.push(
      measure('ss', '`ss -tan` subprocess', 50, 3, () => {
        const r = spawnSync('ss', ['-tan'], { encoding: 'utf8', timeout: 10_000 });
        if (r.status !== 0) throw new Error(`ss exited ${r.status}`);
      }),
    );
  } else {
    console.log('note: `ss` not found; skipping the subprocess row');
  }
  rows.push(measure('proc', 'full /proc/net/tcp + tcp6 parse', 500, 20, () => readProcNetTcp()));

  const tcpLines = readProcNetTcp().length;
  console.log(`\nobserve one step — ${open} lab sockets open (${pairs} pairs), ${tcpLines} TCP sockets on this host`);
  console.log(
    ['what'.padEnd(16), 'iterations'.padStart(10), 'median'.padStart(11), 'p95'.padStart(11), '  how'].join(' '),
  );
  for (const r of rows) {
    console.log(
      [
        r.name.padEnd(16),
        String(r.times.length).padStart(10),
        fmt(quantile(r.times, 0.5)).padStart(11),
        fmt(quantile(r.times, 0.95)).padStart(11),
        `  ${r.what}`,
      ].join(' '),
    );
  }
  const ours = rows.find((r) => r.name === 'runner step');
  if (ours) {
    const base = quantile(ours.times, 0.5);
    for (const r of rows.filter((x) => ['ours via /proc', 'ss', 'proc'].includes(x.name))) {
      console.log(
        `${r.name}/ours: ×${(quantile(r.times, 0.5) / base).toFixed(0)} (median), ×${(quantile(r.times, 0.95) / quantile(ours.times, 0.95)).toFixed(0)} (p95)`,
      );
    }
  }
} finally {
  table.close();
  procTable.close();
  lab.closeAll();
}

function measure(name: string, what: string, iterations: number, warmup: number, fn: (i: number) => void): Row {
  for (let i = 0; i < warmup; i++) fn(i);
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    fn(i);
    times.push(performance.now() - start);
  }
  return { name, what, times };
}

function quantile(times: number[], q: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

function fmt(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`;
}
