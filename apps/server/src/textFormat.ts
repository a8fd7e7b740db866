import { flagLabel, formatAddress, type SocklabEvent, showCall, showReturn, TableFold } from '@socklab/protocol';

/**
 * Formats events for a terminal, one line per meaningful event; returns null
 * for events that add nothing to read (they are all in `--format ndjson`).
 */
export class TextFormatter {
  readonly #calls = new Map<number, { actor: string; shown: string; wire: string[]; printed: boolean }>();
  #table = new TableFold();

  format(event: SocklabEvent): string | null {
    switch (event.type) {
      case 'lesson.start': {
        this.#table = new TableFold();
        const where =
          event.network.kind === 'netns'
            ? `in a network of its own (join it: sudo nsenter --net=${event.network.path} …)`
            : `on the host's network (${event.network.reason})`;
        const lines = [`lesson ${event.lesson}: ${event.steps} steps, port ${event.params.port}, ${where}`];
        if (event.moved) {
          const rows = event.moved.heldBy.map((r) => {
            const timer =
              r.timer.kind === 'off' ? '' : `, timer ${r.timer.kind} ${(r.timer.expiresMs / 1000).toFixed(1)}s`;
            return `${r.linuxState} ${formatAddress(r.local)}${r.remote ? ` ↔ ${formatAddress(r.remote)}` : ''}${timer}`;
          });
          lines.push(
            `         port ${event.moved.from} is held (${rows.join('; ') || 'by another session'}): the lesson runs on ${event.params.port}`,
          );
        }
        return lines.join('\n');
      }
      case 'syscall.enter':
        this.#calls.set(event.callId, {
          actor: event.actor,
          shown: showCall(event.call),
          wire: [],
          printed: false,
        });
        return null;
      case 'syscall.block': {
        const call = this.#calls.get(event.callId);
        const line = `${pad(event.actor)} ${padCall(call?.shown ?? event.syscall)} … blocked (${event.wouldBlock}: waits until ${event.waitingFor})`;
        return this.#withWire(call, line);
      }
      case 'syscall.exit': {
        const call = this.#calls.get(event.callId);
        const result = showReturn(event);
        const waited = event.blocked ? `  after ${event.durationMs.toFixed(1)} ms blocked` : '';
        const detail =
          event.soError !== undefined
            ? `  (SO_ERROR: ${event.soError?.name ?? '0'})`
            : event.address && event.syscall !== 'accept'
              ? `  (${formatAddress(event.address)})`
              : '';
        return this.#withWire(
          call,
          `${pad(event.actor)} ${padCall(call?.shown ?? event.syscall)} ${result}${detail}${waited}`,
        );
      }
      case 'socket.state': {
        const where = event.local ? formatAddress(event.local) : '-';
        const peer = event.remote ? ` ↔ ${formatAddress(event.remote)}` : '';
        const queue =
          event.acceptQueue !== null
            ? ` accept queue ${event.acceptQueue}/${event.backlog}`
            : event.recvQ !== null
              ? ` Recv-Q ${event.recvQ} Send-Q ${event.sendQ}`
              : '';
        const tcp = event.closed ? 'closed' : (event.tcp ?? '?');
        const name = event.name === null ? '' : ` ${event.name}`;
        return `${' '.repeat(9)}· fd ${event.fd}${name} ${event.actor} ${event.role}: ${tcp} (${event.api}) ${where}${peer}${queue}`;
      }
      case 'packet': {
        const flags = flagLabel(event.flags);
        const opts = event.options.mss !== null ? ` mss ${event.options.mss}` : '';
        const data = event.length > 0 ? ` "${event.payloadText}"` : '';
        const line = `${' '.repeat(9)}⇢ ${event.src.port} → ${event.dst.port} [${flags}] seq ${event.relSeq} ack ${event.relAck} len ${event.length}${opts}${data}`;
        const call = event.callId === null ? undefined : this.#calls.get(event.callId);
        // A call's packets print under the call's line, which comes when it blocks or returns.
        if (call && !call.printed) {
          call.wire.push(line);
          return null;
        }
        return line;
      }
      case 'kernel.table':
      case 'kernel.changes': {
        // The whole table, as `ss` lists it, whether the server sent it whole or what changed (SPEC TABLE-1).
        const rows = this.#table.add(event).map((r) => {
          const peer = r.remote ? formatAddress(r.remote) : '*';
          const timer =
            r.timer.kind === 'off' ? '' : ` timer:${r.timer.kind} ${(r.timer.expiresMs / 1000).toFixed(1)}s`;
          const who = r.owner === 'outside' ? ' (another program)' : r.inode === 0 ? ' (no fd)' : '';
          const from = r.source === 'tcp_info' ? ' [TCP_INFO]' : '';
          return `${' '.repeat(11)}${r.linuxState.padEnd(12)} ${String(r.recvQ).padStart(3)} ${String(r.sendQ).padStart(3)}  ${formatAddress(r.local).padEnd(21)} ${peer}${timer}${who}${from}`;
        });
        return [`${' '.repeat(9)}ss: State        Recv-Q Send-Q Local → Peer`, ...rows].join('\n');
      }
      case 'data':
        return `${' '.repeat(9)}· ${event.direction} "${event.text}"`;
      case 'output':
        return `${pad(event.actor)} ${event.stream === 'stderr' ? 'prints to stderr' : 'prints'}: ${event.text.replace(/\n$/, '')}`;
      case 'lesson.wait': {
        const what =
          event.until.kind === 'call'
            ? `${event.until.actor}'s ${event.until.syscall}() to return (the kernel's timers finish it)`
            : `the accept queue to hold ${event.until.length} (a retransmitted SYN)`;
        return `         … step ${event.index + 1} waits for ${what}, at most ${event.limitMs / 1000} s`;
      }
      case 'lesson.outside': {
        const who = event.owner ? `${event.owner.command} (pid ${event.owner.pid})` : 'another program';
        return `         ! accept() returned the connection of ${who} from ${formatAddress(event.peer)}, not the lesson's client: what the server sends now goes to it`;
      }
      case 'lesson.port':
        return `lesson ${event.lesson}: the kernel chose port ${event.port}`;
      case 'lesson.check':
        return event.ok
          ? null
          : `         ✗ step ${event.index + 1}: expected ${event.expected}; the kernel said ${event.actual}`;
      case 'lesson.end':
        if (event.stopped) return `lesson ${event.lesson}: stopped early: ${event.stopped}`;
        return event.ok
          ? `lesson ${event.lesson}: every step as expected`
          : `lesson ${event.lesson}: ${event.mismatches} step(s) differed`;
      case 'error':
        return `error ${event.code}: ${event.message}`;
      case 'marker':
        return `         ✎ note${event.step === null ? '' : ` at step ${event.step + 1}`}: ${event.note}`;
      default:
        return null;
    }
  }

  #withWire(call: PrintedCall | undefined, line: string): string {
    if (!call) return line;
    call.printed = true;
    const wire = call.wire.splice(0);
    return [line, ...wire].join('\n');
  }
}

const pad = (s: string) => s.padEnd(8);

type PrintedCall = { wire: string[]; printed: boolean };
const padCall = (s: string) => s.padEnd(36);
