import type { SocklabEvent } from '@socklab/protocol';

type Args = Record<string, string | number | boolean | null>;

/** A C-like rendering of a call's arguments: `bind(3, 127.0.0.1:4000)`. */
export function showCall(syscall: string, args: Args): string {
  const fd = args.fd;
  switch (syscall) {
    case 'socket':
      return `socket(${args.domain}, ${args.type}, ${args.protocol})`;
    case 'bind':
    case 'connect':
      return `${syscall}(${fd}, ${args.host}:${args.port})`;
    case 'listen':
      return `listen(${fd}, ${args.backlog})`;
    case 'read':
      return `read(${fd}, buf, ${args.size})`;
    case 'write':
      return `write(${fd}, "${args.text}", ${args.bytes})`;
    case 'shutdown':
      return `shutdown(${fd}, ${args.how})`;
    case 'setsockopt':
      return `setsockopt(${fd}, ${args.option}, ${args.value})`;
    default:
      return `${syscall}(${fd ?? ''})`;
  }
}

/**
 * Formats events for a terminal, one line per meaningful event; returns null
 * for events that add nothing to read (they are all in `--format ndjson`).
 */
export class TextFormatter {
  readonly #calls = new Map<number, { actor: string; shown: string; wire: string[]; printed: boolean }>();

  format(event: SocklabEvent): string | null {
    switch (event.type) {
      case 'lesson.start':
        return `lesson ${event.lesson}: ${event.steps} steps, port ${event.params.port}`;
      case 'syscall.enter':
        this.#calls.set(event.callId, {
          actor: event.actor,
          shown: showCall(event.syscall, event.args),
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
        const result = event.errno ? `= -1 ${event.errno.name} (${event.errno.message})` : `= ${event.ret}`;
        const waited = event.blocked ? `  after ${event.durationMs.toFixed(1)} ms blocked` : '';
        const detail =
          event.soError !== undefined
            ? `  (SO_ERROR: ${event.soError?.name ?? '0'})`
            : event.address && event.syscall !== 'accept'
              ? `  (${event.address.host}:${event.address.port})`
              : '';
        return this.#withWire(
          call,
          `${pad(event.actor)} ${padCall(call?.shown ?? event.syscall)} ${result}${detail}${waited}`,
        );
      }
      case 'socket.state': {
        const where = event.local ? `${event.local.host}:${event.local.port}` : '-';
        const peer = event.remote ? ` ↔ ${event.remote.host}:${event.remote.port}` : '';
        const queue =
          event.acceptQueue !== null
            ? ` accept queue ${event.acceptQueue}/${event.backlog}`
            : event.recvQ !== null
              ? ` Recv-Q ${event.recvQ} Send-Q ${event.sendQ}`
              : '';
        const tcp = event.closed ? 'closed' : (event.tcp ?? '?');
        return `${' '.repeat(9)}· fd ${event.fd} ${event.actor} ${event.role}: ${tcp} (${event.api}) ${where}${peer}${queue}`;
      }
      case 'packet': {
        const flags = event.flags.join(',');
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
      case 'kernel.table': {
        const rows = event.rows.map((r) => {
          const peer = r.remote ? `${r.remote.host}:${r.remote.port}` : '*';
          const timer =
            r.timer.kind === 'off' ? '' : ` timer:${r.timer.kind} ${(r.timer.expiresMs / 1000).toFixed(1)}s`;
          const who = r.owner === 'outside' ? ' (another program)' : r.inode === 0 ? ' (no fd)' : '';
          return `${' '.repeat(11)}${r.linuxState.padEnd(12)} ${String(r.recvQ).padStart(3)} ${String(r.sendQ).padStart(3)}  ${`${r.local.host}:${r.local.port}`.padEnd(21)} ${peer}${timer}${who}`;
        });
        return [`${' '.repeat(9)}ss: State        Recv-Q Send-Q Local → Peer`, ...rows].join('\n');
      }
      case 'data':
        return `${' '.repeat(9)}· ${event.direction} "${event.text}"`;
      case 'stdout':
        return `${pad(event.actor)} prints: ${event.text.replace(/\n$/, '')}`;
      case 'lesson.check':
        return event.ok
          ? null
          : `         ✗ step ${event.index + 1}: expected ${event.expected}; the kernel said ${event.actual}`;
      case 'lesson.end':
        return event.ok
          ? `lesson ${event.lesson}: every step as expected`
          : `lesson ${event.lesson}: ${event.mismatches} step(s) differed`;
      case 'error':
        return `error ${event.code}: ${event.message}`;
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
