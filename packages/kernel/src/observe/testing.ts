import { readlinkSync } from 'node:fs';
import type { Address } from '@socklab/protocol';
import type { Lab } from '../lab.ts';

/** Test fixtures: loopback sockets on port 0 made through a `Lab`. Not exported by the package. */

/** socket() + bind() to loopback port 0; throws if the kernel refused. */
export function boundSocket(lab: Lab, family: 'inet' | 'inet6' = 'inet') {
  const host = family === 'inet' ? '127.0.0.1' : '::1';
  const id = must(lab.socket(family).created, 'socket()');
  if (lab.bind(id, { host, port: 0 }).ret !== 0) throw new Error('bind() failed');
  const local = must(lab.getsockname(id).address, 'getsockname()');
  return { id, host, port: local.port, local };
}

/** A listener with this backlog on loopback port 0. */
export function listener(lab: Lab, backlog = 5, family: 'inet' | 'inet6' = 'inet') {
  const bound = boundSocket(lab, family);
  if (lab.listen(bound.id, backlog).ret !== 0) throw new Error('listen() failed');
  return bound;
}

/** A client connected to the listener, not yet accepted: both ends of its 4-tuple. */
export async function connectTo(lab: Lab, to: { host: string; port: number }, family: 'inet' | 'inet6' = 'inet') {
  const client = must(lab.socket(family).created, 'socket()');
  const done = await lab.connect(client, to);
  if (done.ret !== 0) throw new Error(`connect() failed: ${done.errno?.name}`);
  const clientEnd = must(lab.getsockname(client).address, 'getsockname()');
  const serverEnd = must(lab.getpeername(client).address, 'getpeername()');
  return { client, clientEnd, serverEnd };
}

/** A listener, a client connected to it, and the accepted server socket. */
export async function connectedPair(lab: Lab, family: 'inet' | 'inet6' = 'inet') {
  const l = listener(lab, 5, family);
  const c = await connectTo(lab, l, family);
  const server = must((await lab.accept(l.id)).created, 'accept()');
  return { listener: l.id, ...c, server };
}

/** The inode of the socket behind a lab socket's fd, as /proc/self/fd shows it. */
export function socketInode(lab: Lab, id: string): number {
  const link = readlinkSync(`/proc/self/fd/${lab.get(id).fd}`);
  const m = /^socket:\[(\d+)\]$/.exec(link);
  if (!m?.[1]) throw new Error(`fd of ${id} is not a socket: ${link}`);
  return Number(m[1]);
}

/** The any-address with port 0 of a family: what a listener has as its remote end. */
export function anyAddress(family: 'inet' | 'inet6'): Address {
  return { family, host: family === 'inet' ? '0.0.0.0' : '::', port: 0 };
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} failed`);
  return value;
}

/**
 * The rows that belong to this lab: other tests' connections may use the
 * same port number as their peer's port, so a port alone is not ours.
 */
export function ours<T extends { local: { port: number } }>(lab: Lab, rows: T[]): T[] {
  const ports = new Set(
    lab
      .sockets()
      .filter((s) => !s.closed)
      .map((s) => lab.observe(s.id).local?.port),
  );
  return rows.filter((r) => ports.has(r.local.port));
}
