/**
 * The scale figure of issue 13: the `load` lesson's work (N clients connect,
 * send, read the echo and close against one listener) through socklab's
 * driver (libc via koffi, the reactor; `runLoad` in packages/kernel), beside
 * node:net doing the same work in the same run.
 * Run: npx tsx --import ./.config/rawText.mjs bench/load.bench.ts
 */
import { Lab, NetNamespace, runLoad } from '@socklab/kernel';
import { loadSampleMs } from '@socklab/server';
import { type Figure, figure, saveFigures, unmeasured } from './lib/figures.ts';
import { loadThroughNodeNet } from './lib/netLoad.ts';

const clients = 1000;
const backlog = 1024;
const message = Buffer.from('hello, socklab');
const runs = 7;

let network = '';

// As the lesson runs as root: each run in a network namespace of its own (its table holds only the run's sockets).
async function throughDriver(): Promise<{ ms: number; made: number; planned: number; samples: number }> {
  const made = NetNamespace.create();
  network = made.ns ? 'each driver run in a network namespace of its own' : `on the host's network (${made.reason})`;
  const lab = new Lab({ limits: { maxSockets: 2 * clients + 1 }, netns: made.ns });
  let samples = 0;
  try {
    const out = await runLoad(lab, { clients, port: 0, backlog, message, sampleMs: loadSampleMs }, () => {
      samples++;
    });
    return { ms: out.durationMs, made: out.tally.made, planned: out.planned, samples };
  } finally {
    lab.closeAll();
    made.ns?.close();
  }
}

async function loadFigure(): Promise<Figure> {
  const ours: number[] = [];
  const net: number[] = [];
  let accounted = true;
  let samples = 0;
  // One warm-up of each, then the two alternate so that the machine's load falls on both alike.
  await throughDriver();
  await loadThroughNodeNet(clients, backlog, message);
  for (let i = 0; i < runs; i++) {
    const r = await throughDriver();
    ours.push(r.ms);
    samples += r.samples;
    if (r.made !== r.planned) accounted = false;
    net.push(await loadThroughNodeNet(clients, backlog, message));
  }
  return figure({
    id: 'load-driver',
    name: `the \`load\` lesson's work: ${clients.toLocaleString('en')} clients connect, send, read the echo and close, through socklab's driver`,
    times: ours,
    reference: { name: 'node:net doing the same', times: net },
    budget: '≤ ×1.5 node:net, every call accounted for',
    check: (_s, ratio) => accounted && (ratio ?? Infinity) <= 1.5,
    note: `${runs} runs each, alternating; every run's tally ${accounted ? 'made every one' : 'did NOT make every one'} of its ${(10 * clients + 4).toLocaleString('en')} calls; the driver's runs include ${(samples / runs).toFixed(1)} sock_diag samples of the port each; ${network}`,
  });
}

const figures: Figure[] = [];
try {
  figures.push(await loadFigure());
} catch (err) {
  figures.push(unmeasured('load-driver', 'the `load` lesson through the driver', '≤ ×1.5 node:net', err));
}
saveFigures(import.meta.filename, figures);
process.exit(0);
