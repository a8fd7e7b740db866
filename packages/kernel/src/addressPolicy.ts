import { BlockList, isIP } from 'node:net';
import type { Address } from '@socklab/protocol';
import { ErrorCode, SocklabError } from '@socklab/protocol';
import { formatIp, ipv4Bytes, ipv6Bytes } from './libc/sockaddr.ts';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/**
 * Which ports lab sockets may use; `reserved` ports (socklab's own server, on
 * a network it shares with its labs) are refused whatever the range says.
 */
export type PortPolicy = { min: number; max: number; reserved?: readonly number[] };
/** The default: unprivileged ports only (SECURITY.md #5). */
export const defaultPorts: PortPolicy = { min: 1024, max: 65535 };

/**
 * Checks an address a lab socket wants to bind or connect to, before any
 * syscall: numeric loopback only (127.0.0.0/8 or ::1). The text is parsed
 * strictly into its bytes once (4 for IPv4, 16 for IPv6) and judged on the
 * bytes, so every spelling of one address gets one verdict; the address
 * returned is the canonical text of those bytes (RFC 5952 for IPv6), which is
 * what the driver encodes and what the call shows.
 *
 * Refused rather than interpreted, so that the validator and the kernel can
 * never disagree: shorthands that inet_aton would accept (`127.1`,
 * `017700000001`, `0x7f.0.0.1`, `0`), host names, IPv4-mapped IPv6 in any
 * spelling (`::ffff:127.0.0.1`, `::ffff:7f00:1`, `0:0:0:0:0:FFFF:7F00:1`),
 * and any scope id, `%lo` included (::1 is not link-local, so the kernel
 * would ignore it; every lab socket is pinned to `lo` anyway).
 * Port 0 (let the kernel choose) is allowed for bind only.
 *
 * @example
 * checkLabAddress('127.0.0.1', 4000, 'connect')       // { family: 'inet', host: '127.0.0.1', port: 4000 }
 * checkLabAddress('0:0:0:0:0:0:0:1', 4000, 'connect') // { family: 'inet6', host: '::1', port: 4000 }
 * checkLabAddress('10.0.0.1', 80, 'connect')          // throws SOCKLAB_ERR_ADDRESS_REFUSED
 */
export function checkLabAddress(
  host: string,
  port: number,
  use: 'bind' | 'connect',
  ports: PortPolicy = defaultPorts,
): Address {
  const refuse = (why: string): never => {
    throw new SocklabError(ErrorCode.addressRefused, `${use} to ${JSON.stringify(host)} port ${port} refused: ${why}`);
  };
  if (typeof host !== 'string' || host.length > 64) refuse('not an address');
  const verdict = hostVerdict(host);
  if ('refused' in verdict) return refuse(verdict.refused);
  const { family, canonical } = verdict;
  if (!Number.isInteger(port) || port < 0 || port > 65535) refuse('not a port number');
  if (port === 0 && use === 'connect') refuse('cannot connect to port 0');
  if (port !== 0 && (port < ports.min || port > ports.max)) refuse(`ports ${ports.min}–${ports.max} only`);
  if (ports.reserved?.includes(port)) {
    refuse('it is socklab’s own server port: a lab socket on it would watch socklab’s own traffic');
  }
  return { family, host: canonical, port };
}

type HostVerdict = { family: 'inet' | 'inet6'; canonical: string } | { refused: string };

// A lab names the same few hosts on every call: each text is judged once (bounded, for hostile input).
const verdicts = new Map<string, HostVerdict>();
const maxVerdicts = 256;

function hostVerdict(host: string): HostVerdict {
  const known = verdicts.get(host);
  if (known) return known;
  const verdict = judgeHost(host);
  if (verdicts.size >= maxVerdicts) verdicts.clear();
  verdicts.set(host, verdict);
  return verdict;
}

// The host's part of checkLabAddress: its bytes, its canonical text, and whether it is loopback.
function judgeHost(host: string): HostVerdict {
  const scope = host.indexOf('%');
  if (scope >= 0) {
    return {
      refused:
        host.slice(scope + 1) === 'lo'
          ? 'a scope id is refused, even %lo: ::1 is not link-local, so the kernel would ignore it (every lab socket is already on lo)'
          : 'a scope id (%…) is refused: lab sockets use loopback only',
    };
  }
  const version = isIP(host);
  const bytes = version === 4 ? ipv4Bytes(host) : version === 6 ? ipv6Bytes(host) : null;
  if (bytes === null)
    return { refused: 'not a numeric IPv4 or IPv6 address (names and shorthands such as 127.1 are refused)' };
  // RFC 4291 §2.5.5.2: ::ffff:0:0/96 is an IPv4 address in IPv6 clothing, however it is written.
  if (bytes.length === 16 && bytes.subarray(0, 10).every((b) => b === 0) && bytes.readUInt16BE(10) === 0xffff) {
    return {
      refused: 'IPv4-mapped IPv6 addresses (::ffff:a.b.c.d, in any spelling) are refused: use the IPv4 address',
    };
  }
  const family = bytes.length === 4 ? 'inet' : 'inet6';
  const canonical = formatIp(bytes);
  if (!loopback.check(canonical, family === 'inet' ? 'ipv4' : 'ipv6'))
    return { refused: 'lab sockets may only use loopback (127.0.0.0/8, ::1)' };
  return { family, canonical };
}
