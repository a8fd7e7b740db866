import { type Address, formatAddress, type KernelRow } from '@socklab/protocol';

/** Seconds with two decimals: `1.83`. */
export function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
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
 * Splits one line of a lesson's C program into tokens; a number equal to the
 * lesson's default port (`port`) becomes a `port` token, so it can show the
 * port the lesson really uses.
 *
 * @example
 * tokenizeC('    listen(server_socket, 5);', 4000)[1] // { kind: 'api', text: 'listen' }
 * tokenizeC('htons(4000);', 4000)[2] // { kind: 'port', text: '4000' }
 */
export function tokenizeC(line: string, port: number | null): CToken[] {
  if (/^\s*#/.test(line)) return [{ kind: 'preproc', text: line }];
  const tokens: CToken[] = [];
  const pattern = /(\/\/.*$)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(\b\d+\b)|([A-Za-z_]\w*)(?=\s*\()|([A-Za-z_]\w*)/g;
  let last = 0;
  for (const match of line.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) tokens.push({ kind: 'plain', text: line.slice(last, index) });
    const [text, comment, string, number, callee, word] = match;
    if (comment !== undefined) tokens.push({ kind: 'comment', text });
    else if (string !== undefined) tokens.push({ kind: 'string', text });
    else if (number !== undefined)
      tokens.push({ kind: port !== null && Number(number) === port ? 'port' : 'number', text });
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
