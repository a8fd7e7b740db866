import { BlockList, isIP } from 'node:net';
import type { Address } from '@socklab/protocol';
import { ErrorCode, SocklabError } from '@socklab/protocol';

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
 * syscall: numeric loopback only (127.0.0.0/8 or ::1), in canonical form.
 * Shorthands that inet_aton would accept (`127.1`, `017700000001`,
 * `0x7f.0.0.1`, `0`), IPv4-mapped IPv6 and host names are refused rather
 * than interpreted, so the validator and the kernel can never disagree.
 * Port 0 (let the kernel choose) is allowed for bind only.
 *
 * @example
 * checkLabAddress('127.0.0.1', 4000, 'connect') // { family: 'inet', host: '127.0.0.1', port: 4000 }
 * checkLabAddress('10.0.0.1', 80, 'connect')    // throws SOCKLAB_ERR_ADDRESS_REFUSED
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
  const version = isIP(host);
  if (version === 0) refuse('not a numeric IPv4 or IPv6 address in canonical form (names and shorthands are refused)');
  const family = version === 4 ? 'inet' : 'inet6';
  if (version === 4 && !/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) refuse('not a dotted-quad IPv4 address');
  if (version === 4 && host.split('.').some((part) => part.length > 1 && part.startsWith('0'))) {
    refuse('leading zeros are ambiguous (octal in inet_aton)');
  }
  if (version === 6 && host.includes('.')) refuse('IPv4-mapped IPv6 addresses are refused');
  if (!loopback.check(host, version === 4 ? 'ipv4' : 'ipv6'))
    refuse('lab sockets may only use loopback (127.0.0.0/8, ::1)');
  if (!Number.isInteger(port) || port < 0 || port > 65535) refuse('not a port number');
  if (port === 0 && use === 'connect') refuse('cannot connect to port 0');
  if (port !== 0 && (port < ports.min || port > ports.max)) refuse(`ports ${ports.min}–${ports.max} only`);
  if (ports.reserved?.includes(port)) {
    refuse('it is socklab’s own server port: a lab socket on it would watch socklab’s own traffic');
  }
  return { family, host, port };
}
