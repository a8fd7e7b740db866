import { readdirSync, readlinkSync } from 'node:fs';
import { libc } from './libc.ts';

/** SO_DOMAIN (asm-generic/socket.h): a socket's address family. */
const SO_DOMAIN = 39;
const SOL_SOCKET = 1;

/** The families `heldSockets` names; any other is counted under `other`. */
const families: Record<number, 'inet' | 'inet6' | 'unix' | 'netlink' | 'packet'> = {
  1: 'unix',
  2: 'inet',
  10: 'inet6',
  16: 'netlink',
  17: 'packet',
};

/** How many sockets of each family this process holds. */
export type HeldSockets = Record<'inet' | 'inet6' | 'unix' | 'netlink' | 'packet' | 'other', number>;

/**
 * Counts the sockets this process holds by address family: every fd under
 * /proc/self/fd that is a socket, asked its family with
 * getsockopt(SO_DOMAIN). Unlike /proc/net/packet this sees sockets made in
 * other network namespaces too (a lab's capture lives in its own).
 *
 * @example
 * heldSockets(); // { inet: 2, inet6: 0, unix: 0, netlink: 1, packet: 1, other: 3 }
 */
export function heldSockets(): HeldSockets {
  const held: HeldSockets = { inet: 0, inet6: 0, unix: 0, netlink: 0, packet: 0, other: 0 };
  const value = Buffer.alloc(4);
  for (const name of readdirSync('/proc/self/fd')) {
    let link: string;
    try {
      link = readlinkSync(`/proc/self/fd/${name}`);
    } catch {
      continue; // closed meanwhile (the directory's own fd)
    }
    if (!link.startsWith('socket:')) continue;
    const len = [4];
    const ok = libc().getsockopt(Number(name), SOL_SOCKET, SO_DOMAIN, value, len) === 0;
    const family = ok ? families[value.readInt32LE(0)] : undefined;
    held[family ?? 'other']++;
  }
  return held;
}
