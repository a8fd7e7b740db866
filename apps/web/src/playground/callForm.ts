import type { PlaygroundCall } from '@socklab/protocol';

/** The calls the playground form offers, in the order of a server's life. */
export const playgroundSyscalls = [
  'socket',
  'bind',
  'listen',
  'accept',
  'connect',
  'read',
  'write',
  'shutdown',
  'close',
  'getsockname',
  'getpeername',
  'setsockopt',
  'fcntl',
  'getsockopt',
] as const;
export type PlaygroundSyscall = (typeof playgroundSyscalls)[number];

export const sockOptions = ['SO_REUSEADDR', 'SO_LINGER', 'SO_KEEPALIVE', 'TCP_NODELAY'] as const;
export const shutdownHows = ['SHUT_RD', 'SHUT_WR', 'SHUT_RDWR'] as const;

/** The form's inputs as the user typed them. */
export type CallDraft = {
  syscall: PlaygroundSyscall;
  socket: string;
  nonblocking: boolean;
  host: string;
  port: string;
  backlog: string;
  size: string;
  text: string;
  nul: boolean;
  how: (typeof shutdownHows)[number];
  option: (typeof sockOptions)[number];
  value: string;
};

export const emptyDraft = (): CallDraft => ({
  syscall: 'socket',
  socket: '',
  nonblocking: false,
  host: '127.0.0.1',
  port: '4000',
  backlog: '5',
  size: '1024',
  text: 'hello',
  nul: false,
  how: 'SHUT_WR',
  option: 'SO_REUSEADDR',
  value: '1',
});

/** The inputs each call shows, besides the socket. */
export type Field = 'nonblocking' | 'host' | 'port' | 'backlog' | 'size' | 'text' | 'nul' | 'how' | 'option' | 'value';

export function fieldsOf(syscall: PlaygroundSyscall): readonly Field[] {
  switch (syscall) {
    case 'socket':
      return ['nonblocking'];
    case 'bind':
    case 'connect':
      return ['host', 'port'];
    case 'listen':
      return ['backlog'];
    case 'read':
      return ['size'];
    case 'write':
      return ['text', 'nul'];
    case 'shutdown':
      return ['how'];
    case 'setsockopt':
      return ['option', 'value'];
    default:
      return [];
  }
}

/** Whether the call acts on an existing socket (every call but socket()). */
export const needsSocket = (syscall: PlaygroundSyscall) => syscall !== 'socket';

/** Why an input is not acceptable; the form shows it in the user's language. */
export type Invalid =
  | { field: 'socket'; reason: 'missing' }
  | { field: 'port'; reason: 'range' }
  | { field: 'backlog'; reason: 'range' }
  | { field: 'size'; reason: 'range' }
  | { field: 'value'; reason: 'range' }
  | { field: 'host'; reason: 'empty' | 'long' }
  | { field: 'text'; reason: 'long' };

const integerIn = (raw: string, min: number, max: number): number | null => {
  if (!/^\s*\d+\s*$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
};

/**
 * Turns the form into a `playground.call` body, or lists what is wrong with it
 * (the same bounds as PlaygroundCallSchema, so the server never has to refuse it).
 *
 * @example
 * toPlaygroundCall({ ...emptyDraft(), syscall: 'listen', socket: 'sock-1', backlog: '5' })
 * // { ok: true, call: { syscall: 'listen', socket: 'sock-1', backlog: 5 } }
 */
export function toPlaygroundCall(
  draft: CallDraft,
): { ok: true; call: PlaygroundCall } | { ok: false; invalid: Invalid[] } {
  const invalid: Invalid[] = [];
  const socket = draft.socket;
  if (needsSocket(draft.syscall) && socket === '') invalid.push({ field: 'socket', reason: 'missing' });
  const port = integerIn(draft.port, 0, 65535);
  const backlog = integerIn(draft.backlog, 0, 4096);
  const size = integerIn(draft.size, 0, 65536);
  const value = integerIn(draft.value, 0, 3600);
  const host = draft.host.trim();
  const fields = fieldsOf(draft.syscall);
  if (fields.includes('host') && host === '') invalid.push({ field: 'host', reason: 'empty' });
  if (fields.includes('host') && host.length > 64) invalid.push({ field: 'host', reason: 'long' });
  if (fields.includes('port') && port === null) invalid.push({ field: 'port', reason: 'range' });
  if (fields.includes('backlog') && backlog === null) invalid.push({ field: 'backlog', reason: 'range' });
  if (fields.includes('size') && size === null) invalid.push({ field: 'size', reason: 'range' });
  if (fields.includes('value') && value === null) invalid.push({ field: 'value', reason: 'range' });
  if (fields.includes('text') && draft.text.length > 65536) invalid.push({ field: 'text', reason: 'long' });
  if (invalid.length > 0) return { ok: false, invalid };

  const call = ((): PlaygroundCall => {
    switch (draft.syscall) {
      case 'socket':
        return { syscall: 'socket', nonblocking: draft.nonblocking };
      case 'bind':
      case 'connect':
        return { syscall: draft.syscall, socket, host, port: port! };
      case 'listen':
        return { syscall: 'listen', socket, backlog: backlog! };
      case 'read':
        return { syscall: 'read', socket, size: size! };
      case 'write':
        return { syscall: 'write', socket, text: draft.text, nul: draft.nul };
      case 'shutdown':
        return { syscall: 'shutdown', socket, how: draft.how };
      case 'setsockopt':
        return { syscall: 'setsockopt', socket, option: draft.option, value: value! };
      case 'getsockopt':
        return { syscall: 'getsockopt', socket, option: 'SO_ERROR' };
      case 'accept':
      case 'close':
      case 'getsockname':
      case 'getpeername':
      case 'fcntl':
        return { syscall: draft.syscall, socket };
      default: {
        const never: never = draft.syscall;
        throw new Error(`toPlaygroundCall: unknown syscall ${String(never)}`);
      }
    }
  })();
  return { ok: true, call };
}

/** The actors the "+ actor" button adds, in order. */
export const extraActors = ['client2', 'client3', 'client4', 'server2', 'server3'] as const;

/** The next actor to add, or null when every one is there. */
export function nextActor(actors: readonly string[]): string | null {
  return extraActors.find((a) => !actors.includes(a)) ?? null;
}
