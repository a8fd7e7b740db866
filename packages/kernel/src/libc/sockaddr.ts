import type { Address } from '@socklab/protocol';
import { linux } from './constants.ts';

/**
 * Encodes a `struct sockaddr_in` or `sockaddr_in6` (family in host order, port
 * in network order). The host must already be a validated numeric address.
 *
 * @example
 * encodeSockaddr({ family: 'inet', host: '127.0.0.1', port: 4000 }).length // 16
 */
export function encodeSockaddr(address: Address): Buffer {
  if (address.family === 'inet') {
    const buf = Buffer.alloc(linux.sockaddrInSize);
    buf.writeUInt16LE(linux.AF_INET, 0);
    buf.writeUInt16BE(address.port, 2);
    const parts = address.host.split('.').map(Number);
    if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
      throw new Error(`not a dotted IPv4 address: ${address.host}`);
    }
    Buffer.from(parts).copy(buf, 4);
    return buf;
  }
  const buf = Buffer.alloc(linux.sockaddrIn6Size);
  buf.writeUInt16LE(linux.AF_INET6, 0);
  buf.writeUInt16BE(address.port, 2);
  ipv6Bytes(address.host).copy(buf, 8);
  return buf;
}

/** Decodes what the kernel wrote into a sockaddr buffer; null for an unknown family. */
export function decodeSockaddr(buf: Buffer, len: number): Address | null {
  if (len < 2) return null;
  const family = buf.readUInt16LE(0);
  if (family === linux.AF_INET && len >= 8) {
    return { family: 'inet', host: [...buf.subarray(4, 8)].join('.'), port: buf.readUInt16BE(2) };
  }
  if (family === linux.AF_INET6 && len >= 24) {
    return { family: 'inet6', host: formatIpv6(buf.subarray(8, 24)), port: buf.readUInt16BE(2) };
  }
  return null;
}

function ipv6Bytes(host: string): Buffer {
  const out = Buffer.alloc(16);
  const [head = '', tail] = host.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  if (all.length !== 8) throw new Error(`not an IPv6 address: ${host}`);
  all.forEach((g, i) => {
    out.writeUInt16BE(Number.parseInt(g, 16), i * 2);
  });
  return out;
}

function formatIpv6(bytes: Buffer): string {
  const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16));
  // RFC 5952: compress the longest run of zero groups.
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
