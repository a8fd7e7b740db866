import { findLesson, type Lang, lessons, loadLesson } from '@socklab/lessons';
import type { Recording, RecordingHeader, SocklabEvent } from '@socklab/protocol';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { momentOfStep, momentsOf, stepsRunAt } from '../view/moments.ts';

/** How long Play waits after the server is ready before it takes the next step. */
export const Speed = { slow: 'slow', normal: 'normal', fast: 'fast' } as const;
export type Speed = (typeof Speed)[keyof typeof Speed];
export const speedDelayMs: Readonly<Record<Speed, number>> = { slow: 2400, normal: 1300, fast: 500 };

/** The tabs of the middle column. */
export const Panel = { calls: 'calls', wire: 'wire', kernel: 'kernel' } as const;
export type Panel = (typeof Panel)[keyof typeof Panel];

/** A recording shown instead of the live session: what its header says, where it came from, whether it was cut. */
export type Replay = {
  header: RecordingHeader;
  /** Where it was loaded from: a URL, a file's name, a name on the server. */
  from: string;
  /** The address it was fetched from (the page's `?recording=`); null for a file read in the browser. */
  link: string | null;
  events: number;
  truncated: boolean;
  ended: boolean;
};

/** Why a recording was not loaded (the message key under `replay.errors`, and its values). */
export type RecordingProblem = {
  kind: 'version' | 'line' | 'limits' | 'notRecording' | 'fetch';
  detail: string;
  from: string;
};

/** A lesson recording kept as the expected trace while the lesson runs again live ("Run again on this kernel"). */
export type Expected = {
  lesson: string;
  /** Where the recording was loaded from, as `Replay.from`. */
  from: string;
  createdAt: string;
  events: readonly SocklabEvent[];
  /** Where the run again starts in the live log: what came before is another run, never judged. */
  since: number;
};

/** The log, the cursor and the view preferences. Everything else is derived with `viewAt`. */
export type LabState = {
  /**
   * Every event of this session, in arrival order. Append-only: `append` adds to
   * this very array (copying it per event would cost each event the whole log), so
   * select `log.length` beside `log` to follow it; `clear` starts a new array.
   */
  log: readonly SocklabEvent[];
  /** How many events of the log are shown; `live` keeps it at `log.length`. */
  cursor: number;
  live: boolean;
  lang: Lang;
  speed: Speed;
  lessonId: string;
  /** The port to ask the lesson for; 0 lets the kernel choose. */
  port: number;
  playing: boolean;
  /** `log.length` when the latest `lesson.step` command left; see `isAwaitingStep`. */
  stepSentAt: number | null;
  /** The endpoint the state diagram shows (a socket id or a kernel row's endpoint); null: the current step's socket. */
  selectedEndpoint: string | null;
  /** The `seq` of the packet whose fields are shown. */
  selectedPacket: number | null;
  /** The middle column's tab; null until the user picks one. */
  panel: Panel | null;
  /** Whether a socklab server serves this page (false: a static host, replay only). */
  backend: boolean;
  /** The recording `log` holds, or null: the log is the live session's. */
  replay: Replay | null;
  /** While a recording is shown, the live session's log (it goes on growing); else empty. */
  liveLog: readonly SocklabEvent[];
  /** The latest recording that could not be loaded; cleared by the next load. */
  recordingProblem: RecordingProblem | null;
  /** The recording the live run is compared with, step by step; null: no comparison. */
  expected: Expected | null;

  /** Appends a live event (to `liveLog` while a recording is shown). */
  append: (event: SocklabEvent) => void;
  /**
   * Shows `recording` as a finished log, before its first step; the live log
   * is kept aside (`leaveReplay`). Step and Play walk it, never the server.
   */
  loadRecording: (recording: Recording, from: string, link?: string | null) => void;
  /** Back to the live session's log, at its head. */
  leaveReplay: () => void;
  /**
   * Keeps the lesson recording shown as the expected trace, goes back to the
   * live log and selects the recording's lesson (another lesson with its default
   * port, as any pick of one): loading it is the caller's (`useLabControls().load`).
   * Returns the lesson's id; throws when no lesson recording is shown.
   */
  expectRecording: () => string;
  /** Ends the comparison: the live run goes on alone. */
  stopComparing: () => void;
  /** Says why a recording was not loaded; what is shown stays. */
  failRecording: (problem: RecordingProblem) => void;
  /** Appends events that arrived together, with one update. */
  appendMany: (events: readonly SocklabEvent[]) => void;
  /** Forgets the log: a new session starts with nothing. */
  clear: () => void;
  setCursor: (cursor: number) => void;
  goLive: () => void;
  /**
   * Back (-1): to the moment the step before the one shown finished. Forward (+1):
   * to the next moment a step finished, up to the head. The step shown always changes.
   */
  moveCursor: (direction: -1 | 1) => void;
  /** To the moment once `count` steps of the lesson ran (0: before the first step; see `momentOfStep`). */
  seekStep: (count: number) => void;
  setLang: (lang: Lang) => void;
  setSpeed: (speed: Speed) => void;
  selectLesson: (lessonId: string) => void;
  setPort: (port: number) => void;
  setPlaying: (playing: boolean) => void;
  markStepSent: () => void;
  selectEndpoint: (key: string | null) => void;
  selectPacket: (seq: number | null) => void;
  setPanel: (panel: Panel) => void;
};

export type LabStore = StoreApi<LabState>;

export type LabOptions = { lang?: Lang; lessonId?: string; speed?: Speed; backend?: boolean };

/** Whether a `lesson.step` command left and the server has not answered it yet (ready, end or error). */
export function isAwaitingStep(state: Pick<LabState, 'log' | 'stepSentAt'>): boolean {
  if (state.stepSentAt === null) return false;
  for (let i = state.stepSentAt; i < state.log.length; i++) {
    const type = state.log[i]!.type;
    if (type === 'lesson.ready' || type === 'lesson.end' || type === 'error') return false;
  }
  return true;
}

/**
 * Creates the framework-free lab store.
 *
 * @example
 * const store = createLabStore({ lang: 'ko' });
 * store.getState().append(event);
 * viewAt(store.getState().log, store.getState().cursor);
 */
export function createLabStore(options: LabOptions = {}): LabStore {
  const first = lessons[0];
  const lesson = findLesson(options.lessonId ?? '') ?? first;
  if (lesson === undefined) throw new Error('createLabStore: @socklab/lessons has no lessons');
  return createStore<LabState>()((set, get) => ({
    log: [],
    cursor: 0,
    live: true,
    lang: options.lang ?? 'en',
    speed: options.speed ?? 'normal',
    lessonId: lesson.id,
    port: lesson.port,
    playing: false,
    stepSentAt: null,
    selectedEndpoint: null,
    selectedPacket: null,
    panel: null,
    backend: options.backend ?? true,
    replay: null,
    liveLog: [],
    recordingProblem: null,
    expected: null,

    append: (event) => get().appendMany([event]),
    appendMany: (events) => {
      if (events.length === 0) return;
      set((s) => {
        const log = (s.replay === null ? s.log : s.liveLog) as SocklabEvent[];
        for (const event of events) log.push(event);
        // While a recording is shown, the live session goes on growing aside.
        if (s.replay !== null) return { liveLog: log };
        const moved = { log, cursor: s.live ? log.length : s.cursor };
        // A new run of a lesson has new sockets and packets: what was selected is gone.
        const restarted = events.some((event) => event.type === 'lesson.start');
        return restarted ? { ...moved, selectedEndpoint: null, selectedPacket: null } : moved;
      });
    },
    loadRecording: (recording, from, link = null) => {
      const { header, events, truncated, ended } = recording;
      set((s) => ({
        liveLog: s.replay === null ? s.log : s.liveLog,
        // A copy: the shown log is never an array someone else holds.
        log: [...events],
        cursor: 0,
        replay: { header, from, link, events: events.length, truncated, ended },
        recordingProblem: null,
        playing: false,
        stepSentAt: null,
        selectedEndpoint: null,
        selectedPacket: null,
      }));
      get().seekStep(0);
    },
    leaveReplay: () =>
      set((s) =>
        s.replay === null
          ? {}
          : {
              log: s.liveLog,
              liveLog: [],
              cursor: s.liveLog.length,
              live: true,
              replay: null,
              playing: false,
              selectedEndpoint: null,
              selectedPacket: null,
            },
      ),
    expectRecording: () => {
      const { replay, log } = get();
      const lesson = findLesson(replay?.header.lesson ?? '');
      if (replay === null || lesson === undefined) throw new Error('expectRecording: no lesson recording is shown');
      get().leaveReplay();
      const since = get().log.length;
      const expected = { lesson: lesson.id, from: replay.from, createdAt: replay.header.createdAt, events: log, since };
      // The same lesson keeps the port the user set; another one starts at its own, as any pick.
      if (get().lessonId !== lesson.id) get().selectLesson(lesson.id);
      set({ expected });
      return lesson.id;
    },
    stopComparing: () => set({ expected: null }),
    failRecording: (problem) => set({ recordingProblem: problem }),
    clear: () =>
      set((s) =>
        s.replay === null
          ? {
              // A new session: the run again, if any, starts from its first event.
              expected: s.expected && { ...s.expected, since: 0 },
              log: [],
              cursor: 0,
              live: true,
              playing: false,
              stepSentAt: null,
              selectedEndpoint: null,
              selectedPacket: null,
            }
          : { liveLog: [], stepSentAt: null, expected: s.expected && { ...s.expected, since: 0 } },
      ),
    setCursor: (cursor) => {
      const { log } = get();
      const clamped = Math.max(0, Math.min(Math.trunc(cursor), log.length));
      const live = clamped === log.length;
      // Play runs real calls at the head: looking back stops it. A replay's Play only walks the log.
      set(live || get().replay !== null ? { cursor: clamped, live } : { cursor: clamped, live, playing: false });
    },
    goLive: () => set((s) => ({ cursor: s.log.length, live: true })),
    moveCursor: (direction) => {
      const { log, cursor } = get();
      const moments = momentsOf(log);
      const at = Math.max(cursor, moments.start);
      const shown = stepsRunAt(moments, at);
      let target: number;
      if (direction < 0) {
        if (shown === 0) return;
        target = momentOfStep(moments, shown - 1);
      } else {
        // A cursor between a step and the moment it finished goes to that moment first.
        const finished = momentOfStep(moments, shown);
        target = finished > at ? finished : momentOfStep(moments, shown + 1);
      }
      get().setCursor(target);
    },
    seekStep: (count) => {
      if (!Number.isInteger(count) || count < 0) throw new Error(`seekStep: not a count of steps: ${count}`);
      get().setCursor(momentOfStep(momentsOf(get().log), count));
    },
    setLang: (lang) => set({ lang }),
    setSpeed: (speed) => set({ speed }),
    selectLesson: (lessonId) => {
      const picked = findLesson(lessonId) ?? (lessonId === loadLesson.id ? loadLesson : undefined);
      if (picked === undefined) throw new Error(`selectLesson: no lesson "${lessonId}"`);
      set({ lessonId: picked.id, port: picked.port, playing: false });
    },
    setPort: (port) => {
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`setPort: not a port: ${port}`);
      set({ port });
    },
    setPlaying: (playing) => set({ playing }),
    markStepSent: () => set((s) => ({ stepSentAt: s.log.length })),
    selectEndpoint: (key) => set({ selectedEndpoint: key }),
    selectPacket: (seq) => {
      if (seq !== null && (!Number.isInteger(seq) || seq < 0)) throw new Error(`selectPacket: not a seq: ${seq}`);
      set({ selectedPacket: seq });
    },
    setPanel: (panel) => {
      if (!Object.hasOwn(Panel, panel)) throw new Error(`setPanel: no panel "${String(panel)}"`);
      set({ panel });
    },
  }));
}
