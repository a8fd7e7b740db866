import { type TcpState, tcpStates } from '@socklab/protocol';
import type { LoadSampleView } from './loadFold.ts';

/** A line of a chart: its points as [x, y]. */
export type Series = { key: string; points: [number, number][] };

/** One line per TCP state any sample counted, in RFC 9293's order, with the most sockets any sample had. */
export function stateSeries(samples: readonly LoadSampleView[]): {
  series: (Series & { state: TcpState })[];
  max: number;
} {
  const seen = new Set<TcpState>();
  let max = 0;
  for (const s of samples) {
    let total = 0;
    for (const [state, n] of Object.entries(s.states) as [TcpState, number][]) {
      seen.add(state);
      total = Math.max(total, n);
    }
    max = Math.max(max, total);
  }
  const series = tcpStates
    .filter((state) => seen.has(state))
    .map((state) => ({
      key: state,
      state,
      points: samples.map((s): [number, number] => [s.atMs, s.states[state] ?? 0]),
    }));
  return { series, max };
}

/** The accept queue and the backlog over time (samples with a listener only). */
export function queueSeries(samples: readonly LoadSampleView[]): { queue: Series; backlog: Series; max: number } {
  const withListener = samples.filter((s) => s.acceptQueue !== null);
  const queue = withListener.map((s): [number, number] => [s.atMs, s.acceptQueue ?? 0]);
  const backlog = withListener.filter((s) => s.backlog !== null).map((s): [number, number] => [s.atMs, s.backlog ?? 0]);
  const max = Math.max(1, ...queue.map((p) => p[1]), ...backlog.map((p) => p[1]));
  return { queue: { key: 'queue', points: queue }, backlog: { key: 'backlog', points: backlog }, max };
}

/**
 * Connections per second between one sample and the next: how many more
 * connect() calls had returned 0, over the time between them.
 */
export function rateSeries(samples: readonly LoadSampleView[]): { rate: Series; peak: number } {
  const points: [number, number][] = [];
  let peak = 0;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    const dt = b.atMs - a.atMs;
    if (dt <= 0) continue;
    const perSecond = ((b.connected - a.connected) * 1000) / dt;
    peak = Math.max(peak, perSecond);
    points.push([b.atMs, perSecond]);
  }
  return { rate: { key: 'rate', points }, peak };
}
