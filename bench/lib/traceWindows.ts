/** One event of a Chromium trace (the JSON trace format); times in µs. */
export type TraceEvent = {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, unknown> };
};

/** The kinds of main-thread work a window is split into. */
const kinds = ['script', 'style', 'layout', 'paint', 'gc', 'other'] as const;
type Kind = (typeof kinds)[number];

// By the name of the innermost event: what ran on the main thread then.
function kindOf(event: TraceEvent): Kind {
  const { name, cat } = event;
  if (/GC|gc/.test(name) || cat.includes('gc')) return 'gc';
  if (/UpdateLayoutTree|Style|recalc/i.test(name) && !/StyleAndLayout/.test(name)) return 'style';
  if (/Layout|InlineNode|Shape|Intersection|ResizeObserver/.test(name)) return 'layout';
  if (/Paint|Layeriz|Commit|Layer|Raster|Composit|CullRect|Accessibility/.test(name)) return 'paint';
  if (
    cat.startsWith('v8') ||
    /FunctionCall|EventDispatch|TimerFire|FireAnimationFrame|Microtask|EvaluateScript|callFunction|AsyncTask|FireIdleCallback|v8\./.test(
      name,
    )
  )
    return 'script';
  return 'other';
}

type Span = { start: number; end: number; event: TraceEvent };

/** Self-time segments of nested complete events: each event's time minus its children's. */
function selfSegments(events: readonly TraceEvent[]): { start: number; end: number; event: TraceEvent }[] {
  const spans: Span[] = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined)
    .map((e) => ({ start: e.ts, end: e.ts + (e.dur ?? 0), event: e }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: { start: number; end: number; event: TraceEvent }[] = [];
  // A stack of open spans, each with where its self time resumes.
  const stack: { span: Span; at: number }[] = [];
  const close = (until: number) => {
    while (stack.length > 0 && stack.at(-1)!.span.end <= until) {
      const top = stack.pop()!;
      if (top.span.end > top.at) out.push({ start: top.at, end: top.span.end, event: top.span.event });
      const parent = stack.at(-1);
      if (parent !== undefined) parent.at = top.span.end;
    }
  };
  for (const span of spans) {
    close(span.start);
    const parent = stack.at(-1);
    if (parent !== undefined) {
      if (span.start > parent.at) out.push({ start: parent.at, end: span.start, event: parent.span.event });
      parent.at = Math.max(parent.at, span.end);
    }
    stack.push({ span, at: span.start });
  }
  close(Number.POSITIVE_INFINITY);
  return out;
}

const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
const ms = (us: number) => (us / 1000).toFixed(1);

/** A click → answer window on the trace's clock (µs). */
export type Window = { start: number; end: number };

/** Each `pg-click` mark with the first `pg-answer` after it. */
export function clickWindows(events: readonly TraceEvent[]): Window[] {
  const clicks = events.filter((e) => e.name === 'pg-click').sort((a, b) => a.ts - b.ts);
  const answers = events.filter((e) => e.name === 'pg-answer').sort((a, b) => a.ts - b.ts);
  return clicks.flatMap((c) => {
    const a = answers.find((x) => x.ts > c.ts);
    return a === undefined ? [] : [{ start: c.ts, end: a.ts }];
  });
}

/** A V8 CPU profile (CDP `Profiler.stop`); times in µs on the trace's clock. */
export type CpuProfile = {
  nodes: {
    id: number;
    parent?: number;
    children?: number[];
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
};

/** The functions the samples inside `windows` ran: self and total time per window, the heaviest first. */
export function profileInWindows(profile: CpuProfile, windows: readonly Window[]): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anonymous)'} ${f.url.split('/').at(-1) ?? ''}:${f.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let t = profile.startTime;
  let w = 0;
  const sorted = [...windows].sort((a, b) => a.start - b.start);
  for (const [i, id] of profile.samples.entries()) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    while (w < sorted.length && sorted[w]!.end < t) w++;
    const win = sorted[w];
    if (win === undefined || t < win.start) continue;
    const interval = profile.timeDeltas[i + 1] ?? delta;
    const name = label(id);
    self.set(name, (self.get(name) ?? 0) + interval);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const fn = label(at);
      if (seen.has(fn)) continue;
      seen.add(fn);
      total.set(fn, (total.get(fn) ?? 0) + interval);
    }
  }
  const n = windows.length;
  const top = (map: Map<string, number>, count: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([fn, us]) => `  ${ms(us / n).padStart(5)}  ${fn}`);
  return [
    'JavaScript inside the windows, self ms per window:',
    ...top(self, 30),
    '',
    'the same, total (self and callees) ms per window:',
    ...top(total, 40),
  ].join('\n');
}

/**
 * Splits each `pg-click` → `pg-answer` window of the page's main thread into
 * self time by kind, the WebSocket frames sent and received in it, the
 * JavaScript entry points that ran, and the React components that rendered
 * (a profiling build's `Components ⚛` track); returns a readable report.
 */
export function windowsOf(events: readonly TraceEvent[]): string {
  const main = events.find((e) => e.name === 'pg-click');
  if (main === undefined) return 'no pg-click mark in the trace';
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const windows = clickWindows(events);
  const segments = selfSegments(onMain);
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.ph === 'X');
  const components = onMain
    .filter((e) => e.name === 'TimeStamp' && e.args?.data?.track === 'Components ⚛')
    .map((e) => ({
      name: String(e.args?.data?.name),
      start: Number(e.args?.data?.start),
      end: Number(e.args?.data?.end),
    }));
  const componentSelf = selfOfIntervals(components);
  const rows: string[] = [];
  const totals = new Map<string, number>();
  const add = (key: string, v: number) => totals.set(key, (totals.get(key) ?? 0) + v);
  const renders = new Map<string, { self: number; count: number }>();
  const entries = new Map<string, number>();
  for (const [i, w] of windows.entries()) {
    const byKind = new Map<Kind, number>(kinds.map((k) => [k, 0]));
    for (const s of segments) {
      const o = overlap(s.start, s.end, w.start, w.end);
      if (o > 0) byKind.set(kindOf(s.event), (byKind.get(kindOf(s.event)) ?? 0) + o);
    }
    const busy = tasks.reduce((sum, t) => sum + overlap(t.ts, t.ts + (t.dur ?? 0), w.start, w.end), 0);
    const length = w.end - w.start;
    const received = onMain.filter((e) => e.name === 'WebSocketReceive' && e.ts >= w.start && e.ts <= w.end);
    const sent = onMain.find((e) => e.name === 'WebSocketSend' && e.ts >= w.start && e.ts <= w.end);
    const frames = onMain.filter(
      (e) => e.name === 'AnimationFrame' && e.ph === 'b' && e.ts >= w.start && e.ts <= w.end,
    ).length;
    for (const e of onMain)
      if (e.name === 'FunctionCall' && e.ts >= w.start && e.ts <= w.end) {
        const fn = String(e.args?.data?.functionName || '(anonymous)');
        entries.set(fn, (entries.get(fn) ?? 0) + (e.dur ?? 0));
      }
    for (const c of componentSelf)
      if (c.start >= w.start && c.start <= w.end) {
        const r = renders.get(c.name) ?? { self: 0, count: 0 };
        r.self += c.self;
        r.count++;
        renders.set(c.name, r);
      }
    add('length', length);
    add('idle', length - busy);
    for (const k of kinds) add(k, byKind.get(k) ?? 0);
    rows.push(
      [
        String(i + 1).padStart(3),
        ms(length).padStart(6),
        `sent +${sent ? ms(sent.ts - w.start) : '—'}`,
        `recv ${received.length}× +${received[0] ? ms(received[0].ts - w.start) : '—'}…+${received.at(-1) ? ms(received.at(-1)!.ts - w.start) : '—'}`,
        `frames ${frames}`,
        ...kinds.map((k) => `${k} ${ms(byKind.get(k) ?? 0)}`),
        `idle ${ms(length - busy)}`,
      ].join('  '),
    );
  }
  const n = windows.length;
  const mean = (key: string) => ms((totals.get(key) ?? 0) / n);
  const top = [...renders.entries()].sort((a, b) => b[1].self - a[1].self).slice(0, 25);
  const topEntries = [...entries.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
  return [
    `${n} click → answer windows (ms):`,
    ...rows,
    '',
    `mean: window ${mean('length')}, ${kinds.map((k) => `${k} ${mean(k)}`).join(', ')}, idle ${mean('idle')}`,
    '',
    'JavaScript entry points inside the windows (total ms per window):',
    ...topEntries.map(([fn, us]) => `  ${fn.padEnd(32)} ${ms(us / n)}`),
    '',
    'React components rendered inside the windows (self ms per window, renders per window):',
    ...top.map(([name, r]) => `  ${name.padEnd(32)} ${ms(r.self / n).padStart(5)}  ×${(r.count / n).toFixed(1)}`),
  ].join('\n');
}

/** Self time of nested intervals (a component's render minus its children's). */
function selfOfIntervals(
  list: readonly { name: string; start: number; end: number }[],
): { name: string; start: number; self: number }[] {
  const sorted = [...list].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: { name: string; start: number; self: number }[] = [];
  const stack: { name: string; start: number; end: number; self: number }[] = [];
  const pop = (until: number) => {
    while (stack.length > 0 && stack.at(-1)!.end <= until) {
      const top = stack.pop()!;
      out.push({ name: top.name, start: top.start, self: Math.max(0, top.self) });
    }
  };
  for (const c of sorted) {
    pop(c.start);
    const parent = stack.at(-1);
    if (parent !== undefined) parent.self -= Math.min(c.end, parent.end) - c.start;
    stack.push({ ...c, self: c.end - c.start });
  }
  pop(Number.POSITIVE_INFINITY);
  return out;
}
