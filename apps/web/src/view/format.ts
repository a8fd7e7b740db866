import type { Lang } from '@socklab/lessons';
import { apiStateLabel } from '@socklab/lifecycle';
import type { Address, KernelRow } from '@socklab/protocol';
import type { CallView, SocketView } from './viewAt.ts';

/** `127.0.0.1:4000`, `[::1]:4000`. */
export function formatAddress(address: Address | null): string | null {
  if (address === null) return null;
  return address.family === 'inet6' ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

const labels = apiStateLabel as Readonly<Record<string, { readonly en: string; readonly ko: string } | undefined>>;

/** The human label of an API state, or the state itself when lifecycle does not know it. */
export function apiLabel(state: string, lang: Lang): string {
  return labels[state]?.[lang] ?? state;
}

const arg = (call: CallView, ...keys: string[]): string | number | boolean | null | undefined => {
  for (const key of keys) {
    const value = call.args[key];
    if (value !== undefined) return value;
  }
  return undefined;
};

const quote = (text: string) => `"${text}"`;

/**
 * The call as its C program makes it, with the real fd and arguments:
 * `accept(3, &addr, &addrlen)`, `write(5, "Hello World!\0", 13)`.
 */
export function formatCall(call: CallView, sockets: readonly SocketView[]): string {
  const socket = sockets.find((s) => s.id === call.socket);
  const fdArg = arg(call, 'fd');
  const fd = typeof fdArg === 'number' ? String(fdArg) : socket !== undefined ? String(socket.fd) : '?';
  const host = arg(call, 'host');
  const port = arg(call, 'port');
  const address = host !== undefined ? `{${host}:${port ?? '?'}}` : '&addr';
  const size = arg(call, 'size', 'count', 'len', 'length', 'bytes');
  switch (call.syscall) {
    case 'socket':
      return `socket(${arg(call, 'domain') ?? 'PF_INET'}, ${arg(call, 'type') ?? 'SOCK_STREAM'}, ${arg(call, 'protocol') ?? 0})`;
    case 'bind':
    case 'connect':
      return `${call.syscall}(${fd}, ${address}, 16)`;
    case 'listen':
      return `listen(${fd}, ${arg(call, 'backlog') ?? '?'})`;
    case 'accept':
      return `accept(${fd}, &addr, &addrlen)`;
    case 'read':
      return `read(${fd}, buf, ${size ?? '?'})`;
    case 'write': {
      const text = arg(call, 'text');
      const sent = call.data.find((d) => d.direction === 'sent');
      const shown = typeof text === 'string' ? text : sent?.text;
      return `write(${fd}, ${shown !== undefined ? quote(shown) : 'buf'}, ${size ?? sent?.bytes ?? '?'})`;
    }
    case 'close':
      return `close(${fd})`;
    case 'shutdown':
      return `shutdown(${fd}, ${arg(call, 'how') ?? '?'})`;
    case 'setsockopt':
      return `setsockopt(${fd}, SOL_SOCKET, ${arg(call, 'option') ?? '?'}, &(int){${arg(call, 'value') ?? '?'}}, 4)`;
    case 'getsockname':
    case 'getpeername':
      return `${call.syscall}(${fd}, &addr, &addrlen)`;
    case 'fcntl':
      return `fcntl(${fd}, F_SETFL, flags | O_NONBLOCK)`;
    case 'getsockopt':
      return `getsockopt(${fd}, SOL_SOCKET, ${arg(call, 'option') ?? 'SO_ERROR'}, &err, &len)`;
    default: {
      const unknown: never = call.syscall;
      throw new Error(`formatCall: unknown syscall ${String(unknown)}`);
    }
  }
}

/** `= 4`, or `= -1 EADDRINUSE (Address already in use)`; null while the call has not returned. */
export function formatReturn(call: CallView): string | null {
  if (call.exit === null) return null;
  const { ret, errno } = call.exit;
  return errno === null ? `= ${ret}` : `= ${ret} ${errno.name} (${errno.message})`;
}

/** Seconds with two decimals: `1.83`. */
export function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

/** Replaces a program's `{port}` and `{message}` placeholders. */
export function fillPlaceholders(text: string, values: { port: number | null; message: string }): string {
  return text
    .replaceAll('{port}', values.port === null ? 'PORT' : String(values.port))
    .replaceAll('{message}', values.message);
}

/** One token of a line of C, for highlighting (rendered as text, never HTML). */
export type CToken = {
  kind: 'comment' | 'string' | 'keyword' | 'type' | 'number' | 'call' | 'api' | 'preproc' | 'port' | 'plain';
  text: string;
};

const keywords = new Set(['if', 'else', 'return', 'sizeof', 'while', 'for', 'exit', 'struct', 'void', 'const']);
const types = new Set(['int', 'char', 'socklen_t', 'size_t', 'ssize_t', 'sockaddr_in', 'sockaddr']);
const socketApi = new Set(['socket', 'bind', 'listen', 'accept', 'connect', 'read', 'write', 'close', 'shutdown']);

/**
 * Splits one line of a lesson's C program into tokens; `{port}` becomes a
 * `port` token so it can show the real port.
 *
 * @example
 * tokenizeC('    listen(server_socket, 5);')[1] // { kind: 'api', text: 'listen' }
 */
export function tokenizeC(line: string): CToken[] {
  if (/^\s*#/.test(line)) return [{ kind: 'preproc', text: line }];
  const tokens: CToken[] = [];
  const pattern =
    /(\/\/.*$)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(\{port\})|(\b\d+\b)|([A-Za-z_]\w*)(?=\s*\()|([A-Za-z_]\w*)/g;
  let last = 0;
  for (const match of line.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) tokens.push({ kind: 'plain', text: line.slice(last, index) });
    const [text, comment, string, port, number, callee, word] = match;
    if (comment !== undefined) tokens.push({ kind: 'comment', text });
    else if (string !== undefined) tokens.push({ kind: 'string', text });
    else if (port !== undefined) tokens.push({ kind: 'port', text });
    else if (number !== undefined) tokens.push({ kind: 'number', text });
    else if (callee !== undefined) {
      const kind = socketApi.has(callee) ? 'api' : keywords.has(callee) ? 'keyword' : 'call';
      tokens.push({ kind, text });
    } else if (word !== undefined) {
      tokens.push({ kind: keywords.has(word) ? 'keyword' : types.has(word) ? 'type' : 'plain', text });
    }
    last = index + text.length;
  }
  if (last < line.length) tokens.push({ kind: 'plain', text: line.slice(last) });
  return tokens;
}

const flagOrder = ['SYN', 'PSH', 'FIN', 'RST', 'URG', 'ECE', 'CWR'];

/**
 * A segment's flags as people say them: `SYN`, `SYN-ACK`, `PSH-ACK`, `FIN-ACK`, `RST`.
 *
 * @example
 * flagLabel(['ACK', 'FIN']) // 'FIN-ACK'
 */
export function flagLabel(flags: readonly string[]): string {
  const main = flagOrder.filter((flag) => flags.includes(flag));
  const rest = flags.filter((flag) => flag !== 'ACK' && !flagOrder.includes(flag));
  const parts = [...main, ...rest, ...(flags.includes('ACK') ? ['ACK'] : [])];
  return parts.length === 0 ? '(none)' : parts.join('-');
}

/** The kernel's timer of a row as `ss -o` shows it (`timewait 58.2s`); null when it is off. */
export function formatTimer(timer: KernelRow['timer']): string | null {
  if (timer.kind === 'off') return null;
  const retrans = timer.retrans > 0 ? ` ×${timer.retrans}` : '';
  return `${timer.kind} ${(timer.expiresMs / 1000).toFixed(1)}s${retrans}`;
}

/** `:4000` for a loopback IPv4 address (every lab socket is on loopback), the whole address otherwise. */
export function shortAddress(address: Address | null): string | null {
  if (address === null) return null;
  return address.host === '127.0.0.1' ? `:${address.port}` : formatAddress(address);
}
