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
  readonly #calls = new Map<number, { actor: string; shown: string }>();

  format(event: SocklabEvent): string | null {
    switch (event.type) {
      case 'lesson.start':
        return `lesson ${event.lesson}: ${event.steps} steps, port ${event.params.port}`;
      case 'syscall.enter':
        this.#calls.set(event.callId, { actor: event.actor, shown: showCall(event.syscall, event.args) });
        return null;
      case 'syscall.block': {
        const call = this.#calls.get(event.callId);
        return `${pad(event.actor)} ${padCall(call?.shown ?? event.syscall)} … blocked (${event.wouldBlock}: waits until ${event.waitingFor})`;
      }
      case 'syscall.exit': {
        const call = this.#calls.get(event.callId);
        const result = event.errno ? `= -1 ${event.errno.name} (${event.errno.message})` : `= ${event.ret}`;
        const waited = event.blocked ? `  after ${event.durationMs.toFixed(1)} ms blocked` : '';
        return `${pad(event.actor)} ${padCall(call?.shown ?? event.syscall)} ${result}${waited}`;
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
}

const pad = (s: string) => s.padEnd(8);
const padCall = (s: string) => s.padEnd(36);
