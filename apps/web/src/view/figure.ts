import type { Lang } from '@socklab/lessons';
import { flagLabel, type SocklabEvent, type TcpState } from '@socklab/protocol';
import { actorName, type Strings, stringsFor } from '../i18n/strings.ts';
import { type FigureColumn, type FigureModel, type FigureRow, figureModel } from './figureModel.ts';
import { shortAddress } from './format.ts';
import { type TcpTone, tcpTone } from './tcpTone.ts';

/** Options of `sessionFigure`. */
export type FigureOptions = { lang: Lang };

// Bars are strong enough for a projector; the state name is written on them in `ink`.
const tones: Record<TcpTone, { fill: string; ink: string }> = {
  closed: { fill: '#d5d9e0', ink: '#3f4754' },
  listen: { fill: '#2f5bd8', ink: '#ffffff' },
  opening: { fill: '#e0a030', ink: '#2b1d03' },
  established: { fill: '#1f9152', ink: '#ffffff' },
  closing: { fill: '#de6a2e', ink: '#ffffff' },
  timewait: { fill: '#7a4bd9', ink: '#ffffff' },
};
const actorInk: Record<string, string> = { server: '#4354c8', client: '#0b7f72' };
const ink = '#1b2330';
const ink2 = '#5a6474';
const errorInk = '#c0362c';
const blockedInk = '#c26a06';
const sans = "'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', 'Nanum Gothic', system-ui, sans-serif";
const mono = "'Nanum Gothic Coding', ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace";

// Sizes, in SVG units (the figure scales as a whole).
const size = { title: 30, label: 20, sub: 16, call: 19, result: 16, packet: 15, state: 15, small: 15 };
const pad = 32;
const labelWidth = 280;
const rowHeight = 104;
const bar = { top: 36, height: 32 };
const packetGap = 58;
const headerHeight = 118;

/** Escapes text for SVG: every recorded string is data, never markup (SECURITY.md #9). */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Width of text at a font size: CJK and Hangul are about one em, Latin about half (mono 0.6).
function textWidth(text: string, px: number, isMono = false): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x1100 ? px : px * (isMono ? 0.6 : 0.56);
  return w;
}

/** `line` broken at spaces into lines no wider than `max`. */
function wrap(line: string, px: number, max: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    const next = current === '' ? word : `${current} ${word}`;
    if (current !== '' && textWidth(next, px) > max) {
      lines.push(current);
      current = word;
    } else current = next;
  }
  if (current !== '') lines.push(current);
  return lines;
}

type Text = { x: number; y: number; text: string; px: number; fill?: string; mono?: boolean; bold?: boolean };
function text(t: Text, extra = ''): string {
  const family = t.mono ? mono : sans;
  return `<text x="${t.x.toFixed(1)}" y="${t.y.toFixed(1)}" font-family="${esc(family)}" font-size="${t.px}"${t.bold ? ' font-weight="700"' : ''} fill="${t.fill ?? ink}"${extra}>${esc(t.text)}</text>`;
}
// A white ground for a label drawn over a line.
const box = (x: number, y: number, w: number, h: number) =>
  `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${h}" rx="4" fill="#ffffff" fill-opacity="0.92"/>`;
// A white halo behind text drawn over lines and bars.
const halo = ' stroke="#ffffff" stroke-width="5" stroke-linejoin="round" paint-order="stroke"';

function resultOf(call: NonNullable<FigureColumn['call']>): { text: string; error: boolean } {
  if (call.exit === null) return { text: call.blocked ? '…' : '', error: false };
  if (call.exit.ret < 0) return { text: `= -1 ${call.exit.errno?.name ?? ''}`.trim(), error: true };
  return { text: `= ${call.exit.ret}`, error: false };
}

type Layout = { columns: { column: FigureColumn; x: number; width: number; labelW: number }[]; width: number };

function layout(model: FigureModel): Layout {
  let x = pad + labelWidth + 16;
  const columns = model.columns.map((column) => {
    const call = column.call;
    const labelW =
      call === null
        ? 8
        : Math.max(
            textWidth(`${call.syscall}()`, size.call, true),
            textWidth(resultOf(call).text, size.result, true),
            48,
          ) + 16;
    const width = labelW + column.packets.length * packetGap + (column.packets.length > 0 ? 8 : 0);
    const placed = { column, x, width, labelW };
    x += width;
    return placed;
  });
  // Room after the last call for the states it left (TIME_WAIT, an accepted connection).
  return { columns, width: x + 110 + pad };
}

/** The x where the state observed at `seq` begins: the end of the column it happened in. */
function xOf(l: Layout, seq: number): number {
  let found = l.columns[0];
  for (const c of l.columns) if (c.column.seq <= seq) found = c;
  return found === undefined ? pad + labelWidth + 16 : found.x + found.width;
}

function rowLabel(t: Strings, row: FigureRow): { name: string; sub: string } {
  if (row.owner === 'outside') return { name: t('endpoint.outside'), sub: shortAddress(row.local) ?? '' };
  const who = row.actor === null ? '' : actorName(t, row.actor);
  const role = row.role === null ? '' : t(`role.${row.role}`);
  if (row.name === null) {
    return { name: shortAddress(row.local) ?? '?', sub: [who, t('endpoint.queued')].filter(Boolean).join(' · ') };
  }
  return { name: row.name, sub: [who, role].filter(Boolean).join(' · ') };
}

function drawRows(model: FigureModel, l: Layout, t: Strings, rowY: Map<string, number>, end: number): string[] {
  const out: string[] = [];
  model.rows.forEach((row, i) => {
    const y = rowY.get(row.key) as number;
    if (i % 2 === 0)
      out.push(`<rect x="${pad / 2}" y="${y}" width="${end - pad / 2}" height="${rowHeight}" fill="#f5f7fa"/>`);
    const label = rowLabel(t, row);
    const color = row.owner === 'outside' ? '#a3367a' : (actorInk[row.actor?.replace(/\d+$/, '') ?? ''] ?? ink);
    out.push(
      text({
        x: pad,
        y: y + bar.top + 12,
        text: label.name,
        px: size.label,
        mono: row.name !== null,
        bold: true,
        fill: color,
      }),
    );
    out.push(text({ x: pad, y: y + bar.top + 36, text: label.sub, px: size.sub, fill: ink2 }));
    for (const span of row.spans) {
      const x0 = xOf(l, span.fromSeq);
      const x1 = span.toSeq === null ? end - 8 : xOf(l, span.toSeq);
      if (x1 - x0 < 2) continue;
      const tone = tones[tcpTone(span.state)];
      const dash = span.noFd ? ` fill-opacity="0.5" stroke="${tone.fill}" stroke-width="2" stroke-dasharray="6 4"` : '';
      out.push(
        `<rect x="${x0 + 1}" y="${y + bar.top}" width="${x1 - x0 - 2}" height="${bar.height}" rx="5" fill="${tone.fill}"${dash}/>`,
      );
      const name = span.state;
      if (textWidth(name, size.state, true) + 20 < x1 - x0) {
        const fill = span.noFd ? ink : tone.ink;
        out.push(text({ x: x0 + 14, y: y + bar.top + 22, text: name, px: size.state, mono: true, bold: true, fill }));
      }
    }
  });
  return out;
}

function drawCalls(model: FigureModel, l: Layout, t: Strings, rowY: Map<string, number>): string[] {
  const out: string[] = [];
  for (const { column, x, labelW } of l.columns) {
    const call = column.call;
    if (call === null) {
      out.push(text({ x: x + 2, y: headerHeight - 14, text: t('wire.betweenCalls'), px: size.small, fill: ink2 }));
      continue;
    }
    if (call.step !== null) {
      out.push(
        text({
          x: x + 10,
          y: headerHeight - 14,
          text: t('figure.step', { n: call.step + 1 }),
          px: size.small,
          fill: ink2,
        }),
      );
    }
    out.push(
      `<line x1="${x}" y1="${headerHeight - 6}" x2="${x}" y2="${headerHeight + model.rows.length * rowHeight}" stroke="#dde2ea" stroke-width="1"/>`,
    );
    const y = call.row === null ? undefined : rowY.get(call.row);
    if (y === undefined) continue;
    const color = actorInk[call.actor.replace(/\d+$/, '')] ?? ink;
    out.push(
      text(
        { x: x + 10, y: y + 26, text: `${call.syscall}()`, px: size.call, mono: true, bold: true, fill: color },
        halo,
      ),
    );
    const result = resultOf(call);
    out.push(
      text(
        {
          x: x + 10,
          y: y + bar.top + bar.height + 24,
          text: result.text,
          px: size.result,
          mono: true,
          bold: result.error,
          fill: result.error ? errorInk : ink,
        },
        halo,
      ),
    );
    if (call.blocked) {
      const x1 = call.exit === null ? l.width - pad : xOf(l, call.exit.seq);
      const yb = y + bar.top + bar.height + 6;
      out.push(
        `<line x1="${x + 10}" y1="${yb}" x2="${Math.max(x1 - 6, x + labelW)}" y2="${yb}" stroke="${blockedInk}" stroke-width="3" stroke-dasharray="7 5"/>`,
      );
    }
    out.push(
      `<circle cx="${x + 4}" cy="${y + bar.top + bar.height / 2}" r="6" fill="${color}" stroke="#ffffff" stroke-width="2"/>`,
    );
  }
  return out;
}

function drawPackets(l: Layout, t: Strings, rowY: Map<string, number>): string[] {
  const out: string[] = [];
  for (const { column, x, labelW } of l.columns) {
    column.packets.forEach((p, i) => {
      const px = x + labelW + packetGap / 2 + i * packetGap;
      const from = p.from === null ? undefined : rowY.get(p.from);
      const to = p.to === null ? undefined : rowY.get(p.to);
      if (from === undefined || to === undefined) return;
      const down = to > from;
      const y0 = from + bar.top + (down ? bar.height : 0);
      const y1 = to + bar.top + (down ? 0 : bar.height);
      const rst = p.packet.flags.includes('RST');
      const stroke = rst ? errorInk : ink;
      if (from === to) {
        out.push(`<circle cx="${px}" cy="${from + bar.top + bar.height / 2}" r="5" fill="${stroke}"/>`);
      } else {
        const tip = down ? y1 - 2 : y1 + 2;
        const back = down ? tip - 11 : tip + 11;
        out.push(`<line x1="${px}" y1="${y0}" x2="${px}" y2="${back}" stroke="${stroke}" stroke-width="2.5"/>`);
        out.push(`<path d="M${px - 7} ${back} L${px + 7} ${back} L${px} ${tip} Z" fill="${stroke}"/>`);
      }
      const label = flagLabel(p.packet.flags);
      const bytes = p.packet.length > 0 ? t('figure.payload', { count: p.packet.length }) : null;
      const mid = (y0 + y1) / 2 - (bytes === null ? 0 : 9);
      const w = Math.max(textWidth(label, size.packet, true), bytes === null ? 0 : textWidth(bytes, size.small, true));
      out.push(box(px - w / 2 - 4, mid - 13, w + 8, bytes === null ? 24 : 42));
      out.push(
        text({
          x: px - textWidth(label, size.packet, true) / 2,
          y: mid + 4,
          text: label,
          px: size.packet,
          mono: true,
          bold: true,
          fill: stroke,
        }),
      );
      if (bytes !== null) {
        const bw = textWidth(bytes, size.small, true);
        out.push(text({ x: px - bw / 2, y: mid + 23, text: bytes, px: size.small, mono: true, fill: ink2 }));
      }
    });
  }
  return out;
}

function drawLegend(model: FigureModel, t: Strings, y: number, width: number): { svg: string[]; height: number } {
  const out: string[] = [];
  const seen = new Set<TcpState>();
  for (const row of model.rows) for (const span of row.spans) seen.add(span.state);
  let x = pad;
  out.push(text({ x, y: y + 20, text: t('figure.legendStates'), px: size.sub, bold: true, fill: ink }));
  x += textWidth(t('figure.legendStates'), size.sub) + 18;
  for (const state of seen) {
    const tone = tones[tcpTone(state)];
    const w = textWidth(state, size.state, true) + 16;
    if (x + w > width - pad) {
      x = pad;
      y += 40;
    }
    out.push(`<rect x="${x}" y="${y + 2}" width="${w}" height="26" rx="5" fill="${tone.fill}"/>`);
    out.push(text({ x: x + 8, y: y + 21, text: state, px: size.state, mono: true, bold: true, fill: tone.ink }));
    x += w + 10;
  }
  y += 44;
  const marks: [(x: number, y: number) => string, string][] = [
    [(x, y) => `<circle cx="${x + 8}" cy="${y + 14}" r="6" fill="${ink}"/>`, t('figure.legendCall')],
    [
      (x, y) =>
        `<line x1="${x}" y1="${y + 14}" x2="${x + 18}" y2="${y + 14}" stroke="${ink}" stroke-width="2.5"/><path d="M${x + 16} ${y + 8} L${x + 26} ${y + 14} L${x + 16} ${y + 20} Z" fill="${ink}"/>`,
      t('figure.legendPacket'),
    ],
    [
      (x, y) =>
        `<line x1="${x}" y1="${y + 14}" x2="${x + 26}" y2="${y + 14}" stroke="${blockedInk}" stroke-width="3" stroke-dasharray="7 5"/>`,
      t('figure.legendBlocked'),
    ],
    [
      (x, y) =>
        `<rect x="${x}" y="${y + 3}" width="26" height="22" rx="4" fill="${tones.established.fill}" fill-opacity="0.5" stroke="${tones.established.fill}" stroke-width="2" stroke-dasharray="6 4"/>`,
      t('figure.legendNoFd'),
    ],
  ];
  let mx = pad;
  for (const [shape, label] of marks) {
    const w = textWidth(label, size.small) + 36;
    if (mx + w > width - pad) {
      mx = pad;
      y += 34;
    }
    out.push(shape(mx, y));
    out.push(text({ x: mx + 36, y: y + 19, text: label, px: size.small, fill: ink }));
    mx += w + 28;
  }
  y += 40;
  const lines = wrap(t('figure.timeAxis'), size.small, width - 2 * pad);
  for (const [i, line] of lines.entries()) {
    out.push(text({ x: pad, y: y + 12 + i * 22, text: line, px: size.small, fill: ink2 }));
  }
  return { svg: out, height: y + 24 + (lines.length - 1) * 22 };
}

/**
 * The session figure of a log, as a standalone SVG document: one row per TCP
 * endpoint (labelled by the C variable and role of the socket that held it),
 * coloured by the TCP state the kernel reported, along the log's order of
 * events (one column per call, with the packets it caused); each call marked
 * with its return value or errno, each packet an arrow between the rows of its
 * ends with its flags; the lesson's title and the kernel it ran on in the
 * caption. Built from the same view folds as the web UI, with no DOM.
 *
 * @example
 * writeFileSync('handshake.svg', sessionFigure(parseRecording(text).events, { lang: 'en' }));
 */
export function sessionFigure(events: readonly SocklabEvent[], options: FigureOptions): string {
  const t = stringsFor(options.lang);
  const model = figureModel(events);
  const l = layout(model);
  const width = Math.max(l.width, 960);
  const rowY = new Map(model.rows.map((row, i) => [row.key, headerHeight + i * rowHeight]));
  const rowsEnd = headerHeight + model.rows.length * rowHeight;
  const { view } = model;
  const title = view.lessonDef?.title[options.lang] ?? (view.lesson ? view.lesson.id : t('figure.playground'));
  const hello = view.hello;
  const os = hello?.platform.os === 'linux' ? 'Linux' : hello?.platform.os;
  const platform = hello ? `${os} ${hello.platform.release} (${hello.platform.arch})` : t('none');
  const network = view.network === null ? '' : t(view.network.kind === 'netns' ? 'figure.netns' : 'figure.shared');
  const parts: string[] = [];
  parts.push(text({ x: pad, y: 44, text: title, px: size.title, bold: true }));
  parts.push(text({ x: pad, y: 74, text: t('figure.kernel', { platform, network }), px: size.sub, fill: ink2 }));
  parts.push(...drawRows(model, l, t, rowY, width - pad));
  parts.push(...drawCalls(model, l, t, rowY));
  parts.push(...drawPackets(l, t, rowY));
  if (view.packets.length === 0) {
    const capture = hello?.capabilities.capture;
    const reason = capture && !capture.available ? capture.reason : t('none');
    parts.push(
      text({ x: pad, y: rowsEnd + 28, text: t('figure.noPackets', { reason }), px: size.small, fill: errorInk }),
    );
  }
  const legend = drawLegend(model, t, rowsEnd + 44, width);
  parts.push(...legend.svg);
  const captionY = legend.height + 22;
  const caption = wrap(t('figure.source'), size.small, width - 2 * pad);
  for (const [i, line] of caption.entries()) {
    parts.push(text({ x: pad, y: captionY + i * 22, text: line, px: size.small, fill: ink2 }));
  }
  const height = captionY + caption.length * 22 + 4;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${Math.ceil(height)}" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}" role="img" aria-label="${esc(title)}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
