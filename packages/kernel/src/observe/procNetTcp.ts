import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import type { Address } from '@socklab/protocol';
import { ErrorCode, SocklabError } from '@socklab/protocol';
import {
  addressAt,
  addressBytes,
  checkEnds,
  checkPort,
  type DiagSocket,
  hasEnds,
  peerAt,
  toDiagSocket,
} from './diagSocket.ts';

// `tm->when` is printed with jiffies_to_clock_t(), so its unit is USER_HZ
// ticks, which the kernel fixes at 100 for user space whatever CONFIG_HZ is
// (include/asm-generic/param.h): 10 ms each, so expiresMs has 10 ms resolution.
const msPerUserHzTick = 1000 / 100;

// The kernel prints each address word with %08X of the in-memory (network-order)
// 32-bit value, so the text reads in host byte order (net/ipv4/tcp_ipv4.c, net/ipv6/tcp_ipv6.c).
const littleEndian = endianness() === 'LE';

const files = { inet: '/proc/net/tcp', inet6: '/proc/net/tcp6' } as const;

/**
 * Parses the text of `/proc/net/tcp` (family `inet`) or `/proc/net/tcp6`
 * (`inet6`) into the shape sock_diag gives. What /proc cannot say: bound-only
 * sockets are absent; a listener's `sendQ` is 0 (tx_queue), not its backlog;
 * `expiresMs` is in 10 ms steps (USER_HZ 100).
 *
 * @example
 * parseProcNetTcp(
 *   '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
 *   '   0: 0100007F:0FA0 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1\n',
 *   'inet',
 * )[0]; // { state: 'LISTEN', local: { family: 'inet', host: '127.0.0.1', port: 4000 }, remote: null, inode: 4242, … }
 */
export function parseProcNetTcp(text: string, family: 'inet' | 'inet6'): DiagSocket[] {
  const out: DiagSocket[] = [];
  const hexLen = family === 'inet' ? 8 : 32;
  const bytes = Buffer.alloc(16);
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    // sl local rem st tx:rx tr:when retrnsmt uid timeout inode …; the header has no ':' after sl.
    if (f.length < 10 || !f[0]?.endsWith(':')) continue;
    const [local, remote, st, queues, timer, retrnsmt, uid, , inode] = f.slice(1);
    const [localHex = '', localPort = ''] = (local ?? '').split(':');
    const [remoteHex = '', remotePort = ''] = (remote ?? '').split(':');
    const [tx = '', rx = ''] = (queues ?? '').split(':');
    const [tr = '', when = ''] = (timer ?? '').split(':');
    if (localHex.length !== hexLen || remoteHex.length !== hexLen) continue;
    const lport = hex(localPort);
    const rport = hex(remotePort);
    readWords(localHex, bytes);
    const localAddr = addressAt(family, bytes, 0, lport);
    readWords(remoteHex, bytes);
    out.push(
      toDiagSocket({
        family,
        state: hex(st ?? ''),
        timer: hex(tr),
        expiresMs: hex(when) * msPerUserHzTick,
        retrans: hex(retrnsmt ?? ''),
        local: localAddr,
        remote: peerAt(family, bytes, 0, rport),
        recvQ: hex(rx),
        sendQ: hex(tx),
        uid: Number(uid),
        inode: Number(inode),
      }),
    );
  }
  return out;
}

/**
 * Reads and parses `/proc/net/tcp` and `/proc/net/tcp6` (or one of them) for
 * this process's network namespace. A missing tcp6 (IPv6 disabled) is empty.
 *
 * @example
 * readProcNetTcp('inet').filter((s) => s.state === 'LISTEN');
 */
export function readProcNetTcp(family?: 'inet' | 'inet6'): DiagSocket[] {
  const out: DiagSocket[] = [];
  for (const f of family ? [family] : (['inet', 'inet6'] as const)) {
    let text: string;
    try {
      text = readFileSync(files[f], 'latin1');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new SocklabError(ErrorCode.internal, `cannot read ${files[f]}: ${(err as Error).message}`);
    }
    out.push(...parseProcNetTcp(text, f));
  }
  return out;
}

/**
 * The one connection with exactly these ends, from /proc, or null. Like
 * `SockDiag.lookup` it finds connections without an fd (accept queue, orphan,
 * TIME_WAIT), but it reads the whole table to find one line.
 *
 * @example
 * lookupProc({ family: 'inet', host: '127.0.0.1', port: 4000 }, { family: 'inet', host: '127.0.0.1', port: 51234 });
 */
export function lookupProc(local: Address, remote: Address): DiagSocket | null {
  checkEnds(local, remote);
  addressBytes(local);
  addressBytes(remote);
  return readProcNetTcp(local.family).find((s) => hasEnds(s, local, remote)) ?? null;
}

/**
 * Every TCP socket in /proc whose local or remote port is `port` (bound-only
 * sockets are not in /proc).
 *
 * @example
 * byPortProc(4000); // [{ state: 'LISTEN', … }, { state: 'ESTABLISHED', inode: 0, … }]
 */
export function byPortProc(port: number, family?: 'inet' | 'inet6'): DiagSocket[] {
  checkPort(port);
  return readProcNetTcp(family).filter((s) => s.local.port === port || s.remote?.port === port);
}

function hex(s: string): number {
  const n = Number.parseInt(s, 16);
  if (!Number.isFinite(n)) throw new Error(`not a hex field in /proc/net/tcp: ${JSON.stringify(s)}`);
  return n;
}

/** Writes the address words of /proc's hex text into `out` in network order. */
function readWords(text: string, out: Buffer): void {
  for (let i = 0; i < text.length / 8; i++) {
    const word = Number.parseInt(text.slice(i * 8, i * 8 + 8), 16);
    if (littleEndian) out.writeUInt32LE(word, i * 4);
    else out.writeUInt32BE(word, i * 4);
  }
}
