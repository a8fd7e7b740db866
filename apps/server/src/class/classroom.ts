import { randomBytes } from 'node:crypto';
import type { ClassMember } from '@socklab/protocol';
import { ClassClose, ErrorCode, type SocklabEvent } from '@socklab/protocol';
import type { WebSocket } from 'ws';
import type { Logger } from '../logger.ts';
import { newToken } from '../security.ts';
import type { Session } from '../session.ts';
import { BacklogReader } from './backlog.ts';
import type { ClassHistory } from './history.ts';
import type { MemberClaim } from './member.ts';

/** The caps of one class (SECURITY.md #11). */
export type ClassLimits = {
  /** Viewers at once; the next is refused with `SOCKLAB_ERR_LIMIT`. */
  maxViewers: number;
  /** Bytes queued to one viewer before it is dropped as too slow. */
  maxBuffered: number;
  /** Student labs at once (`--max-labs`); the next is refused with `SOCKLAB_ERR_LIMIT`. */
  maxLabs: number;
};

/** The defaults: a large lecture hall, and room for a long lesson's backlog. */
export const classDefaults: ClassLimits = { maxViewers: 200, maxBuffered: 4 * 1024 * 1024, maxLabs: 40 };

/** The close code of a viewer refused at the cap (IANA: Try Again Later). */
const closeTryAgainLater = 1013;

type Viewer = { ws: WebSocket; alive: boolean; id: string; since: string } & MemberClaim;
type StudentLab = Viewer & { session: Session };

export type { ClassMember };

/** The close code of a member the teacher ended (4000–4999 are private to the app): its page stops reconnecting. */
export const closeEndedByTeacher = ClassClose.endedByTeacher;

/** Seats the teacher ended that a class remembers at most (in memory; a new join code forgets them). */
const maxRevokedSeats = 10_000;

/**
 * The viewers of a class and the teacher's session they follow: the most
 * recent control session still open. When the teacher opens a new one (a
 * reload, a new tab), every viewer is sent its backlog, which starts with its
 * `session.hello`: the viewer's app starts over on it, so it is told. Viewers
 * only ever receive: whatever they send is refused on their own connection
 * (`SOCKLAB_ERR_VIEWER`) and reaches no session.
 *
 * @example
 * const room = new Classroom({ logger });
 * room.follow(session);          // on every new control session
 * room.join(ws);                 // on every viewer upgrade
 * room.leave(session);           // when a control session ends
 */
export class Classroom {
  #token: string;
  #labToken: string | null;
  /** Random per launch: a viewer's page tells a restart from a reload by it (`x-socklab-launch`). */
  readonly launch = randomBytes(9).toString('base64url');
  /** The last run of the launch before this one (its recording), shown to viewers as "before the restart"; null: none. */
  readonly history: ClassHistory | null;
  /** Seats the teacher ended: as a viewer (`all`: it may neither watch nor open a lab), or only its lab (`lab`). */
  readonly #revoked = new Map<string, 'all' | 'lab'>();
  readonly #labs = new Set<StudentLab>();
  readonly limits: ClassLimits;
  readonly #logger: Logger;
  readonly #viewers = new Set<Viewer>();
  /** Open control sessions, oldest first; the last is followed. */
  readonly #sessions: Session[] = [];
  readonly #backlog = new BacklogReader();
  #unsubscribe: (() => void) | undefined;
  #following: Session | undefined;

  constructor(options: {
    logger: Logger;
    limits?: Partial<ClassLimits>;
    token?: string;
    labs?: boolean;
    history?: ClassHistory | null;
  }) {
    this.#token = options.token ?? newToken();
    this.#labToken = options.labs ? newToken() : null;
    this.history = options.history ?? null;
    this.#logger = options.logger;
    this.limits = { ...classDefaults, ...options.limits };
  }

  /** The viewer token (never the launch token): kept across restarts for the same address, see `classToken`. */
  get token(): string {
    return this.#token;
  }

  /** The lab token (`?lab=`), random per launch, distinct from the viewer and launch tokens; null: no student labs. */
  get labToken(): string | null {
    return this.#labToken;
  }

  /**
   * Whether the teacher ended the browser holding `seat` for connections of
   * `kind` (refused until a new join code): an ended viewer may neither watch
   * nor open a lab; an ended lab may still watch.
   */
  isRevoked(seat: string | null, kind: 'viewer' | 'lab'): boolean {
    const revoked = seat === null ? undefined : this.#revoked.get(seat);
    return revoked === 'all' || (revoked === 'lab' && kind === 'lab');
  }

  /**
   * Ends every viewer and lab (close code 4002) and takes `token` as the new
   * viewer token, with a new lab token where labs are allowed: every earlier
   * join URL is refused from now on. Forgets the ended seats (the old code
   * cannot get in at all).
   */
  newJoinCode(token: string): void {
    if (token === this.#token) throw new Error('newJoinCode: the new viewer token is the old one');
    this.#token = token;
    if (this.#labToken !== null) this.#labToken = newToken();
    this.#revoked.clear();
    for (const member of [...this.#viewers, ...this.#labs]) member.ws.close(ClassClose.newJoinCode, 'a new join code');
    this.#viewers.clear();
    this.#labs.clear();
    this.#logger.info('the teacher issued a new join code: every viewer and lab was ended');
  }

  /** How many viewers are connected. */
  get viewers(): number {
    return this.#viewers.size;
  }

  /** The session viewers follow now, if any. */
  get following(): Session | undefined {
    return this.#following;
  }

  /** A new control session: the viewers follow it from now on. */
  follow(session: Session): void {
    this.#sessions.push(session);
    this.#switchTo(session);
  }

  /** A control session ended: if it was followed, the viewers follow the newest one left. */
  leave(session: Session): void {
    const index = this.#sessions.indexOf(session);
    if (index >= 0) this.#sessions.splice(index, 1);
    if (this.#following === session) this.#switchTo(this.#sessions.at(-1));
  }

  /** Takes a viewer's WebSocket: refused past the cap, else sent the backlog and then every event. */
  join(ws: WebSocket, claim: MemberClaim = { seat: null, name: null }): void {
    ws.on('error', (err) => this.#logger.warn(`viewer: ${err.message}`));
    if (this.#viewers.size >= this.limits.maxViewers) {
      this.#logger.warn(`refused a viewer: ${this.limits.maxViewers} are watching`);
      ws.send(
        JSON.stringify(this.#notice(ErrorCode.limit, `this class has its most viewers (${this.limits.maxViewers})`)),
      );
      ws.close(closeTryAgainLater, 'too many viewers');
      return;
    }
    const viewer: Viewer = { ws, alive: true, id: memberId(), since: new Date().toISOString(), ...claim };
    this.#viewers.add(viewer);
    ws.on('pong', () => {
      viewer.alive = true;
    });
    // SECURITY.md #11: nothing a viewer sends is parsed or handed on; each frame gets one refusal, on its own connection.
    ws.on('message', () => {
      this.#send(viewer, Buffer.from(JSON.stringify(this.#notice(ErrorCode.viewer, refusal))));
    });
    ws.on('close', () => this.#viewers.delete(viewer));
    if (this.#following) for (const line of this.#backlog.read(this.#following)) ws.send(line);
  }

  /** How many student labs are open. */
  get labs(): number {
    return this.#labs.size;
  }

  /**
   * Takes a student's lab WebSocket: refused past `maxLabs`, else `start`
   * makes its session (its own namespace, the server's limits), which this
   * room only lists and can end; it never follows it.
   */
  openLab(
    ws: WebSocket,
    start: (ws: WebSocket) => Session | null,
    claim: MemberClaim = { seat: null, name: null },
  ): void {
    ws.on('error', (err) => this.#logger.warn(`lab: ${err.message}`));
    if (this.#labs.size >= this.limits.maxLabs) {
      this.#logger.warn(`refused a student lab: ${this.limits.maxLabs} are open`);
      ws.send(JSON.stringify(this.#notice(ErrorCode.limit, `this class has its most labs (${this.limits.maxLabs})`)));
      ws.close(closeTryAgainLater, 'too many labs');
      return;
    }
    const session = start(ws);
    if (!session) return;
    const lab: StudentLab = { ws, alive: true, id: memberId(), since: new Date().toISOString(), session, ...claim };
    this.#labs.add(lab);
    ws.on('pong', () => {
      lab.alive = true;
    });
    ws.on('close', () => this.#labs.delete(lab));
  }

  /** Who is connected, oldest first: viewers, then labs with their lesson and next step. */
  members(): ClassMember[] {
    const named = (name: string | null) => (name === null ? {} : { name });
    const viewers = [...this.#viewers].map(
      ({ id, since, name }): ClassMember => ({ id, kind: 'viewer', since, ...named(name) }),
    );
    const labs = [...this.#labs].map(({ id, since, session, name }): ClassMember => {
      const doing = session.doing;
      const what = doing === null ? 'nothing' : doing.lesson === null ? 'playground' : 'lesson';
      return {
        id,
        kind: 'lab',
        since,
        ...named(name),
        doing: what,
        lesson: doing?.lesson ?? null,
        step: doing?.step ?? null,
      };
    });
    return [...viewers, ...labs];
  }

  /**
   * Ends the member `id` (the teacher's "End") and revokes its seat, so that
   * browser's page is refused when it comes back: false when no such member
   * is connected.
   */
  end(id: string): boolean {
    for (const member of [...this.#viewers, ...this.#labs]) {
      if (member.id !== id) continue;
      this.#viewers.delete(member);
      this.#labs.delete(member as StudentLab);
      this.#logger.info(`the teacher ended ${'session' in member ? 'lab' : 'viewer'} ${id}`);
      if (member.seat !== null && this.#revoked.size < maxRevokedSeats) {
        const was = this.#revoked.get(member.seat);
        this.#revoked.set(member.seat, 'session' in member && was !== 'all' ? 'lab' : 'all');
      }
      member.ws.close(closeEndedByTeacher, 'ended by the teacher');
      return true;
    }
    return false;
  }

  /** Pings every viewer; one that did not answer the last ping is terminated (SECURITY.md test 14). */
  heartbeat(): void {
    for (const member of [...this.#viewers, ...this.#labs]) {
      if (!member.alive) {
        member.ws.terminate();
        this.#viewers.delete(member);
        this.#labs.delete(member as StudentLab);
        continue;
      }
      member.alive = false;
      member.ws.ping();
    }
  }

  /** Terminates every viewer and stops following. */
  close(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#following = undefined;
    for (const member of [...this.#viewers, ...this.#labs]) member.ws.terminate();
    this.#viewers.clear();
    this.#labs.clear();
  }

  #switchTo(session: Session | undefined): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#following = session;
    if (!session) return;
    // The backlog and the subscription in one tick: no event falls between them.
    const backlog = this.#backlog.read(session).map((line) => Buffer.from(line));
    for (const viewer of this.#viewers) for (const line of backlog) this.#send(viewer, line);
    // One buffer for every viewer: the JSON is encoded once per event, not once per viewer.
    this.#unsubscribe = session.log.subscribe((_event, json) => {
      const bytes = Buffer.from(json);
      for (const viewer of this.#viewers) this.#send(viewer, bytes);
    });
  }

  // Never waits: a viewer whose queue is over the bound is dropped, and the teacher's event goes on to the others.
  #send(viewer: Viewer, bytes: Buffer): void {
    const { ws } = viewer;
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > this.limits.maxBuffered) {
      this.#logger.warn(`viewer too slow (${ws.bufferedAmount} bytes queued), dropping it`);
      this.#viewers.delete(viewer);
      ws.terminate();
      return;
    }
    // The teacher's recording holds every event before a viewer is sent it (SECURITY.md test 15).
    this.#following?.log.sync();
    ws.send(bytes, { binary: false });
  }

  // An event of this connection only: stamped after the followed log's latest event, never in the teacher's log.
  #notice(code: ErrorCode, message: string): SocklabEvent {
    return { type: 'error', code, message, seq: this.#following?.log.appended ?? 0, t: 0 };
  }
}

function memberId(): string {
  return randomBytes(6).toString('hex');
}

const refusal = "viewers follow the teacher's session and cannot command it; nothing was sent to it";
