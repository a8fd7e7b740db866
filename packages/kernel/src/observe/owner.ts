import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** A process that holds a socket: its pid and its command (`comm`). */
export type SocketOwner = { pid: number; command: string };

/**
 * The process holding the socket with this inode (as sock_diag and
 * /proc/net/tcp report it), found by reading /proc/PID/fd; null when no
 * process this one may look at holds it (another user's, without root), or
 * the inode is 0 (a connection no process holds). Reads /proc: call it for
 * one socket now and then, never per step.
 *
 * @example
 * socketOwner(4242131) // { pid: 5120, command: 'nc' }
 */
export function socketOwner(inode: number): SocketOwner | null {
  if (!Number.isInteger(inode) || inode <= 0) return null;
  const target = `socket:[${inode}]`;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) !== target) continue;
      } catch {
        continue;
      }
      let command = '?';
      try {
        command = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      } catch {}
      return { pid: Number(pid), command };
    }
  }
  return null;
}
