import type { Logger } from '../logger.ts';
import { classAddress } from './classAddress.ts';
import { type ClassLimits, Classroom } from './classroom.ts';
import { type ClassInfo, type ClassListener, joinQr, startClassListener } from './classServer.ts';
import { classToken } from './classToken.ts';

/** What `serve --class` asks for. */
export type ClassMode = {
  address: string;
  limits?: Partial<ClassLimits>;
  /** Where the viewer token is kept for the next launch on the same address (the recordings folder); absent: nowhere. */
  stateDir?: string;
};

/** A class being served: its room (viewers, the session followed) and its listener. */
export type RunningClass = { room: Classroom; listener: ClassListener; qr: { svg: string; terminal: string } };

/**
 * Opens class mode beside a control server on `port`: checks the address
 * (SECURITY.md #11), makes the room with its own viewer token, and listens on
 * the class address at the same port number.
 */
export async function openClass(
  mode: ClassMode,
  server: { port: number; webRoot: string; logger: Logger; heartbeatMs?: number; maxHttpConnections?: number },
): Promise<RunningClass> {
  const address = classAddress(mode.address);
  const token = classToken(address, mode.stateDir, server.logger);
  const room = new Classroom({ logger: server.logger, token, ...(mode.limits ? { limits: mode.limits } : {}) });
  const listener = await startClassListener({ ...server, address, room });
  return { room, listener, qr: joinQr(listener.joinUrl) };
}

/** What the teacher's UI shows of its class. */
export function classInfo(running: RunningClass): ClassInfo {
  return {
    address: running.listener.address,
    joinUrl: running.listener.joinUrl,
    qrSvg: running.qr.svg,
    viewers: running.room.viewers,
    maxViewers: running.room.limits.maxViewers,
    members: running.room.members(),
  };
}
