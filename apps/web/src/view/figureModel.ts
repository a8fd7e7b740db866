import type { Address, Errno, SocklabEvent, SyscallName, TcpState } from '@socklab/protocol';
import { addressKey, type EndpointView } from './endpoints.ts';
import { type LabView, type PacketView, viewAt } from './viewAt.ts';

/** One row of the session figure: a TCP endpoint the kernel reported, labelled by the socket that held it. */
export type FigureRow = {
  key: string;
  /** The C variable that held its fd (`server_socket`), or null for a row without one. */
  name: string | null;
  actor: string | null;
  role: 'listener' | 'client' | 'connection' | null;
  owner: 'lab' | 'outside';
  local: Address | null;
  /** Its TCP states, each from the event it was observed at to the next (`toSeq` null: to the end). */
  spans: FigureSpan[];
};

/** A TCP state an endpoint was in; `noFd`: the kernel held it while no program had an fd for it. */
export type FigureSpan = { state: TcpState; fromSeq: number; toSeq: number | null; noFd: boolean };

/** One system call, on the row of its socket. */
export type FigureCall = {
  callId: number;
  row: string | null;
  actor: string;
  syscall: SyscallName;
  /** The lesson step that made it, from 0. */
  step: number | null;
  enterSeq: number;
  blocked: boolean;
  exit: { seq: number; ret: number; errno: Errno | null } | null;
};

/** A column of the figure: one call and the packets it caused, or packets no call caused. */
export type FigureColumn = { seq: number; call: FigureCall | null; packets: FigurePacket[] };

/** One captured segment, from the row of its sender to the row of its receiver. */
export type FigurePacket = { seq: number; from: string | null; to: string | null; packet: PacketView };

/** What the session figure draws, derived from the view at the end of the log. */
export type FigureModel = {
  view: LabView;
  rows: FigureRow[];
  columns: FigureColumn[];
};

const sameAddress = (a: Address | null, b: Address) => a !== null && addressKey(a) === addressKey(b);

function rowsOf(view: LabView): FigureRow[] {
  const sockets = new Map(view.sockets.map((s) => [s.id, s]));
  const order = view.lessonDef?.programs.map((p) => p.actor) ?? [];
  const rank = (actor: string | null) => (actor === null ? order.length + 1 : Math.max(0, order.indexOf(actor)));
  const rows = view.endpoints.map((endpoint: EndpointView): FigureRow => {
    const socket = endpoint.socket === null ? undefined : sockets.get(endpoint.socket);
    // Before its fd existed (in the accept queue) or once it was closed (an orphan, TIME_WAIT): a state
    // that lasted across accept() or close() is split there.
    const fdFrom = socket?.firstSeq ?? null;
    const fdTo = socket?.closed ? socket.lastSeq : null;
    const noFd = (seq: number) =>
      fdFrom === null ? endpoint.owner === 'lab' : seq < fdFrom || (fdTo !== null && seq >= fdTo);
    const spans: FigureSpan[] = [];
    endpoint.history.forEach((o, i) => {
      const toSeq = endpoint.history[i + 1]?.seq ?? null;
      let fromSeq = o.seq;
      for (const cut of [fdFrom, fdTo]) {
        if (cut === null || cut <= fromSeq || (toSeq !== null && cut >= toSeq)) continue;
        spans.push({ state: o.state, fromSeq, toSeq: cut, noFd: noFd(fromSeq) });
        fromSeq = cut;
      }
      spans.push({ state: o.state, fromSeq, toSeq, noFd: noFd(fromSeq) });
    });
    // An endpoint that is gone (no fd, no TCB) ends where the kernel last listed it.
    const last = spans.at(-1);
    if (last?.state === 'CLOSED' && !endpoint.open && spans.length > 1) spans.pop();
    return {
      key: endpoint.key,
      name: socket?.name ?? null,
      actor: endpoint.actor,
      role: socket?.role ?? (endpoint.remote === null ? null : 'connection'),
      owner: endpoint.owner,
      local: endpoint.local,
      spans,
    };
  });
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => rank(a.row.actor) - rank(b.row.actor) || a.i - b.i)
    .map(({ row }) => row);
}

// The row a packet leaves from or arrives at: the end with this local address and that peer; a SYN
// without ACK arrives at the listener (the kernel makes the connection from it).
function rowOf(view: LabView, local: Address, peer: Address, toListener: boolean): string | null {
  const listener = view.endpoints.find((e) => e.remote === null && sameAddress(e.local, local));
  if (toListener && listener) return listener.key;
  const tuple = view.endpoints.find(
    (e) => sameAddress(e.local, local) && e.remote !== null && sameAddress(e.remote, peer),
  );
  return tuple?.key ?? listener?.key ?? null;
}

/**
 * The figure's rows (one per TCP endpoint, in the lesson's actor order),
 * columns (one per call with the packets it caused, one per run of packets
 * between calls) and marks, from the view at the end of `events`.
 */
export function figureModel(events: readonly SocklabEvent[]): FigureModel {
  const view = viewAt(events, events.length);
  const rows = rowsOf(view);
  const endpointOf = (socket: string | null) =>
    socket === null ? null : (view.endpoints.find((e) => e.socket === socket || e.keys.includes(socket))?.key ?? null);
  const columns = new Map<number, FigureColumn>();
  const list: FigureColumn[] = [];
  for (const call of view.calls) {
    const column: FigureColumn = {
      seq: call.enterSeq,
      call: {
        callId: call.callId,
        row: endpointOf(call.socket ?? call.exit?.created ?? null),
        actor: call.actor,
        syscall: call.syscall,
        step: call.step,
        enterSeq: call.enterSeq,
        blocked: call.blocked,
        exit: call.exit === null ? null : { seq: call.exit.seq, ret: call.exit.ret, errno: call.exit.errno },
      },
      packets: [],
    };
    columns.set(call.callId, column);
    list.push(column);
  }
  const enters = view.calls.map((c) => c.enterSeq);
  let between: FigureColumn | null = null;
  for (const packet of view.packets) {
    // Packets between calls share a column until the next call begins.
    const lastSeq = between?.packets.at(-1)?.seq ?? 0;
    if (between !== null && enters.some((seq) => seq > lastSeq && seq < packet.seq)) between = null;
    const syn = packet.flags.includes('SYN') && !packet.flags.includes('ACK');
    const mark: FigurePacket = {
      seq: packet.seq,
      from: rowOf(view, packet.src, packet.dst, false),
      to: rowOf(view, packet.dst, packet.src, syn),
      packet,
    };
    const column = packet.callId === null ? undefined : columns.get(packet.callId);
    if (column) {
      column.packets.push(mark);
      between = null;
    } else if (between !== null) {
      between.packets.push(mark);
    } else {
      between = { seq: packet.seq, call: null, packets: [mark] };
      list.push(between);
    }
  }
  list.sort((a, b) => a.seq - b.seq);
  return { view, rows, columns: list };
}
