import type { WebSocket } from 'ws';
import { capabilities } from '../lab/network.ts';
import type { Logger } from '../logger.ts';
import { newToken } from '../security.ts';
import type { Session } from '../session.ts';
import { classAddress } from './classAddress.ts';
import { type ClassLimits, Classroom } from './classroom.ts';
import { type ClassInfo, type ClassListener, joinQr, startClassListener } from './classServer.ts';
import { keepClassToken, loadClassToken } from './classToken.ts';
import { lastRun } from './history.ts';

/** What `serve --class` asks for. */
export type ClassMode = {
  address: string;
  limits?: Partial<ClassLimits>;
  /** Student labs (`--class-labs`): each student may open a session of their own, in a namespace of its own. */
  labs?: boolean;
  /** Where the viewer token is kept for the next launch on the same address (the recordings folder); absent: nowhere. */
  stateDir?: string;
};

/** A class being served: its room (viewers, the session followed) and its listener. */
export type RunningClass = {
  room: Classroom;
  listener: ClassListener;
  /** The join URL's QR code (made again with a new join code). */
  qr: { svg: string; terminal: string };
  /** The lab join URL's QR code; null without student labs. */
  labQr: { svg: string; terminal: string } | null;
  /** Where the viewer token is kept (a new join code is written there too); absent: nowhere. */
  stateDir?: string;
  logger: Logger;
};

/**
 * Opens class mode beside a control server on `port`: checks the address
 * (SECURITY.md #11), makes the room with its own viewer token, and listens on
 * the class address at the same port number.
 */
export async function openClass(
  mode: ClassMode,
  server: {
    port: number;
    webRoot: string;
    logger: Logger;
    heartbeatMs?: number;
    maxHttpConnections?: number;
    startLab?: (ws: WebSocket) => Session | null;
  },
): Promise<RunningClass> {
  const address = classAddress(mode.address);
  const { token, reused } = loadClassToken(address, mode.stateDir, server.logger);
  // SPEC CLASS-7: the same class started again shows its viewers the run the last launch left.
  const history = reused && mode.stateDir !== undefined ? lastRun(mode.stateDir, server.logger) : null;
  const labs = mode.labs === true && server.startLab !== undefined;
  const limits = mode.limits ? { limits: mode.limits } : {};
  const room = new Classroom({ logger: server.logger, token, labs, history, ...limits });
  const listener = await startClassListener({ ...server, address, room });
  const running: RunningClass = { room, listener, qr: joinQr(listener.joinUrl), labQr: null, logger: server.logger };
  if (mode.stateDir !== undefined) running.stateDir = mode.stateDir;
  running.labQr = listener.labJoinUrl === null ? null : joinQr(listener.labJoinUrl);
  return running;
}

/**
 * The teacher's "End everyone, new join code" (SECURITY.md #11): every
 * viewer and lab is ended, a new viewer token (kept for the next launch like
 * the old one) and lab token are made, and the join URLs and QR codes with
 * them; every earlier URL is refused.
 */
export function issueNewJoinCode(running: RunningClass): void {
  const token = newToken();
  running.room.newJoinCode(token);
  keepClassToken(running.listener.address, running.stateDir, token, running.logger);
  running.qr = joinQr(running.listener.joinUrl);
  running.labQr = running.listener.labJoinUrl === null ? null : joinQr(running.listener.labJoinUrl);
}

/** What the teacher's UI shows of its class. */
export function classInfo(running: RunningClass): ClassInfo {
  return {
    address: running.listener.address,
    joinUrl: running.listener.joinUrl,
    qrSvg: running.qr.svg,
    viewers: running.room.viewers,
    maxViewers: running.room.limits.maxViewers,
    labs:
      running.listener.labJoinUrl && running.labQr
        ? {
            allowed: true,
            joinUrl: running.listener.labJoinUrl,
            qrSvg: running.labQr.svg,
            open: running.room.labs,
            max: running.room.limits.maxLabs,
          }
        : { allowed: false, reason: labsOff() },
    members: running.room.members(),
  };
}

// Why a class has no student labs: this machine cannot make namespaces, or the teacher did not ask for them.
function labsOff(): string {
  const isolation = capabilities().isolation;
  if (!isolation.available) return `this machine cannot give each lab a network of its own: ${isolation.reason}`;
  return 'student labs are off: start socklab with serve --class ADDRESS --class-labs';
}
