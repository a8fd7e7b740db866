import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { type NetworkInterfaceInfo, networkInterfaces } from 'node:os';

/** A `--class` address socklab refuses, with the reason it says. */
export class ClassAddressError extends Error {}

// Addresses that can never be a class address: they carry control, mean every interface, or reach many hosts at once.
const never = new BlockList();
never.addAddress('127.0.0.1');
never.addAddress('0.0.0.0');
never.addAddress('255.255.255.255');
never.addSubnet('224.0.0.0', 4);
never.addAddress('::1', 'ipv6');
never.addAddress('::', 'ipv6');
never.addSubnet('ff00::', 8, 'ipv6');

// The whole of 127.0.0.0/8 is routed to `lo` by Linux: a second loopback address stands in for a LAN one in tests.
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8);

/**
 * Checks the address given to `--class` (SECURITY.md #11): an IP literal of
 * this machine, one of its interfaces' addresses or in 127.0.0.0/8, never
 * `127.0.0.1`/`::1` (control), a wildcard, multicast or an IPv4-mapped
 * address. Returns it in canonical form; throws `ClassAddressError`.
 *
 * @example
 * classAddress('192.168.1.20'); // '192.168.1.20' where an interface has it
 * classAddress('0.0.0.0');      // throws: every interface
 */
export function classAddress(
  text: string,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): string {
  const v4 = isIPv4(text);
  if (!v4 && !isIPv6(text)) {
    throw new ClassAddressError(
      `--class: ${JSON.stringify(text)} is not an IP address (give this machine's LAN address)`,
    );
  }
  const family = v4 ? 'ipv4' : 'ipv6';
  const canonical = v4 ? text : canonicalIPv6(text);
  // BlockList matches IPv4 addresses against an IPv6 ::ffff:0:0/96 rule: the mapped range is told by its prefix.
  if (never.check(canonical, family) || (!v4 && /^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(canonical))) {
    throw new ClassAddressError(
      `--class: ${canonical} cannot be a class address (loopback control, wildcard, multicast or IPv4-mapped)`,
    );
  }
  const own = Object.values(interfaces)
    .flat()
    .some(
      (info) => info !== undefined && info.family === (v4 ? 'IPv4' : 'IPv6') && sameAddress(info.address, canonical),
    );
  if (!own && !(v4 && loopback.check(canonical))) {
    throw new ClassAddressError(`--class: ${canonical} is not an address of this machine (see \`ip addr\`)`);
  }
  return canonical;
}

/** The `host[:port]` form of an address in a URL or Host header (`[v6]:port`). */
export function hostOf(address: string, port: number): string {
  return isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`;
}

function canonicalIPv6(text: string): string {
  if (text.includes('%')) throw new ClassAddressError(`--class: ${JSON.stringify(text)}: scope ids are not accepted`);
  return new URL(`http://[${text}]/`).hostname.slice(1, -1);
}

function sameAddress(a: string, b: string): boolean {
  return isIPv6(a) && isIPv6(b) && !a.includes('%') ? canonicalIPv6(a) === b : a === b;
}
