import type { Address } from '@socklab/protocol';
import { linux } from './constants.ts';

// One octet in decimal, without leading zeros: inet_aton would read `010` as octal.
const octet = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const dottedQuad = new RegExp(`^${octet}(?:\\.${octet}){3}$`);
const hexGroup = /^[0-9a-fA-F]{1,4}$/;

/**
 * The 4 bytes of an IPv4 address written as a dotted quad in decimal, or null
 * for anything else (`127.1`, `0x7f.0.0.1`, `017700000001`, leading zeros).
 *
 * @example
 * ipv4Bytes('127.0.0.1') // <Buffer 7f 00 00 01>
 * ipv4Bytes('127.1')     // null
 */
export function ipv4Bytes(text: string): Buffer | null {
  if (!dottedQuad.test(text)) return null;
  return Buffer.from(text.split('.').map(Number));
}

/**
 * The 16 bytes of an IPv6 address in any RFC 4291 §2.2 spelling (compressed or
 * not, any case, a dotted-quad tail), or null for anything else. A scope id
 * (`%eth0`) or brackets are not part of an address and make it null, so a
 * scope can never be dropped silently.
 *
 * @example
 * ipv6Bytes('0:0:0:0:0:FFFF:7F00:1')?.equals(ipv6Bytes('::ffff:127.0.0.1') as Buffer) // true
 * ipv6Bytes('::1%eth0') // null
 */
export function ipv6Bytes(text: string): Buffer | null {
  if (text.length > 45 || !/^[0-9a-fA-F:.]+$/.test(text)) return null;
  let tail: Buffer | null = null;
  let hex = text;
  if (text.includes('.')) {
    const at = text.lastIndexOf(':');
    tail = ipv4Bytes(text.slice(at + 1));
    if (at < 0 || tail === null) return null;
    hex = `${text.slice(0, at + 1)}0:0`;
  }
  const halves = hex.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0] ?? '');
  const rest = halves.length === 2 ? groups(halves[1] ?? '') : [];
  // `::` stands for one or more zero groups (RFC 4291 §2.2, 2.).
  const missing = halves.length === 2 ? 8 - head.length - rest.length : 0;
  if (halves.length === 2 ? missing < 1 : head.length !== 8) return null;
  const all = [...head, ...Array<string>(missing).fill('0'), ...rest];
  if (!all.every((g) => hexGroup.test(g))) return null;
  const out = Buffer.alloc(16);
  all.forEach((g, i) => {
    out.writeUInt16BE(Number.parseInt(g, 16), i * 2);
  });
  tail?.copy(out, 12);
  return out;
}

/**
 * The canonical text of 4 or 16 address bytes: a dotted quad, or IPv6 as
 * RFC 5952 §4 writes it (lowercase, the longest zero run compressed; an
 * IPv4-mapped address stays in hex, `::ffff:7f00:1`, as the kernel tables show it).
 *
 * @example
 * formatIp(ipv6Bytes('0:0:0:0:0:0:0:1') as Buffer) // '::1'
 */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
  if (bytes.length !== 16) throw new Error(`not 4 or 16 address bytes: ${bytes.length}`);
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const groups = Array.from({ length: 8 }, (_, i) => view.readUInt16BE(i * 2).toString(16));
  // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first of equals.
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j;
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

/**
 * Encodes a `struct sockaddr_in` or `sockaddr_in6` (family in host order, port
 * in network order). The host must already be a validated numeric address;
 * anything else (a shorthand, a scope id) throws rather than being guessed at.
 *
 * @example
 * encodeSockaddr({ family: 'inet', host: '127.0.0.1', port: 4000 }).length // 16
 */
export function encodeSockaddr(address: Address): Buffer {
  if (address.family === 'inet') {
    const bytes = ipv4Bytes(address.host);
    if (bytes === null) throw new Error(`not a dotted-quad IPv4 address: ${JSON.stringify(address.host)}`);
    const buf = Buffer.alloc(linux.sockaddrInSize);
    buf.writeUInt16LE(linux.AF_INET, 0);
    buf.writeUInt16BE(address.port, 2);
    bytes.copy(buf, 4);
    return buf;
  }
  const bytes = ipv6Bytes(address.host);
  if (bytes === null) throw new Error(`not an IPv6 address without scope: ${JSON.stringify(address.host)}`);
  const buf = Buffer.alloc(linux.sockaddrIn6Size);
  buf.writeUInt16LE(linux.AF_INET6, 0);
  buf.writeUInt16BE(address.port, 2);
  // sin6_flowinfo and sin6_scope_id stay 0.
  bytes.copy(buf, 8);
  return buf;
}

/** Decodes what the kernel wrote into a sockaddr buffer; null for an unknown family. */
export function decodeSockaddr(buf: Buffer, len: number): Address | null {
  if (len < 2) return null;
  const family = buf.readUInt16LE(0);
  if (family === linux.AF_INET && len >= 8) {
    return { family: 'inet', host: formatIp(buf.subarray(4, 8)), port: buf.readUInt16BE(2) };
  }
  if (family === linux.AF_INET6 && len >= 24) {
    return { family: 'inet6', host: formatIp(buf.subarray(8, 24)), port: buf.readUInt16BE(2) };
  }
  return null;
}
