import { defaultLimits } from '@socklab/kernel';
import { recordingLimits } from '@socklab/protocol';
import { defaultMaxBuffered } from './httpServer.ts';
import { fdReserve, fdsForNode, fdsPerSession, maxSocketsPerRun, serverLimits } from './limits.ts';

/** What the limit flags set: options of `startServer`, and the recordings' size. */
export type LimitOptions = {
  maxSessions?: number;
  maxLabSockets?: number;
  maxHttpConnections?: number;
  maxBuffered?: number;
  maxRecordingBytes?: number;
  limits?: { maxSockets?: number; maxWriteBytes?: number; maxReadBytes?: number };
};

type LimitFlag = {
  /** What it limits, for --help and the errors. */
  what: string;
  min: number;
  /** The safe bound: at this fd limit, or fixed. */
  max: (fdLimit: number) => number;
  /** Whether the bound comes from the fd limit (raising `ulimit -n` raises it). */
  fds?: true;
  /** The default at this fd limit. */
  default: (fdLimit: number) => number;
  set: (options: LimitOptions, value: number) => void;
};

// Setters of a server option, and of a lab limit.
const server =
  (key: 'maxSessions' | 'maxLabSockets' | 'maxHttpConnections' | 'maxBuffered' | 'maxRecordingBytes') =>
  (o: LimitOptions, v: number) => {
    o[key] = v;
  };
const lab = (key: 'maxSockets' | 'maxWriteBytes' | 'maxReadBytes') => (o: LimitOptions, v: number) => {
  o.limits = { ...o.limits, [key]: v };
};

const KiB = 1024;
const MiB = 1024 * KiB;

/** The largest write or read a lab call may be given: its `data` event (base64) must fit a recording's line. */
export const maxIoBytes = 256 * KiB;

const usable = (fdLimit: number) => Math.max(0, fdLimit - fdReserve(fdLimit));

/**
 * The `serve` flags for the server's limits (README "Limits"), each with its
 * default and its safe bound at an fd limit: the fd-backed ones must leave
 * the reserve free (`serverLimits` checks them together), the others are
 * bounded by what one event, one line of a recording or one viewer may hold.
 */
export const limitFlags = {
  'max-sessions': {
    fds: true,
    what: 'sessions open at once',
    min: 1,
    max: (fd) => Math.max(1, Math.floor((usable(fd) - 1) / fdsPerSession)),
    default: (fd) => serverLimits(fd).maxSessions,
    set: server('maxSessions'),
  },
  'max-lab-sockets': {
    fds: true,
    what: 'lab sockets open at once, across every session',
    min: 1,
    max: (fd) => Math.max(1, usable(fd) - fdsPerSession),
    default: (fd) => serverLimits(fd).maxLabSockets,
    set: server('maxLabSockets'),
  },
  'max-http-connections': {
    fds: true,
    what: 'plain HTTP connections open at once',
    min: 1,
    max: (fd) => fdReserve(fd) - fdsForNode,
    default: (fd) => serverLimits(fd).maxHttpConnections,
    set: server('maxHttpConnections'),
  },
  'max-sockets': {
    what: 'open sockets per session',
    min: 1,
    max: () => maxSocketsPerRun,
    default: () => defaultLimits.maxSockets,
    set: lab('maxSockets'),
  },
  'max-write-bytes': {
    what: 'bytes per write',
    min: 1,
    max: () => maxIoBytes,
    default: () => defaultLimits.maxWriteBytes,
    set: lab('maxWriteBytes'),
  },
  'max-read-bytes': {
    what: 'bytes per read',
    min: 1,
    max: () => maxIoBytes,
    default: () => defaultLimits.maxReadBytes,
    set: lab('maxReadBytes'),
  },
  'max-buffered-bytes': {
    what: 'bytes queued to one viewer before it is dropped',
    min: 1 * MiB,
    max: () => 64 * MiB,
    default: () => defaultMaxBuffered,
    set: server('maxBuffered'),
  },
  'max-recording-bytes': {
    what: 'bytes of one recording',
    min: 64 * KiB,
    max: () => recordingLimits.maxBytes,
    default: () => recordingLimits.maxBytes,
    set: server('maxRecordingBytes'),
  },
} as const satisfies Record<string, LimitFlag>;

/** The name of a limit flag, without its dashes. */
export type LimitFlagName = keyof typeof limitFlags;

/** Whether `name` (without dashes) is a limit flag. */
export const isLimitFlag = (name: string): name is LimitFlagName => Object.hasOwn(limitFlags, name);

const grouped = (n: number) => n.toLocaleString('en-US');

/**
 * Reads the limit flags given (`--max-sessions 10`…): each a decimal integer
 * from its minimum to its safe bound at `fdLimit`, and all of them together
 * fitting the fd limit. Throws a RangeError of one line naming the flag.
 *
 * @example
 * limitOptions({ 'max-sessions': '10' }, 20_000); // { maxSessions: 10 }
 * limitOptions({ 'max-sessions': '9999' }, 1024); // RangeError: --max-sessions: 9999 is above the safe bound, 127 at an fd limit of 1,024 …
 */
export function limitOptions(values: Partial<Record<LimitFlagName, string>>, fdLimit: number): LimitOptions {
  const options: LimitOptions = {};
  for (const [name, text] of Object.entries(values) as [LimitFlagName, string][]) {
    const flag: LimitFlag = limitFlags[name];
    const n = /^(0|[1-9]\d{0,15})$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(n)) {
      throw new RangeError(`--${name}: not a whole number: ${JSON.stringify(text)} (${flag.what})`);
    }
    if (n < flag.min) throw new RangeError(`--${name}: ${grouped(n)} is below the least allowed, ${grouped(flag.min)}`);
    const max = flag.max(fdLimit);
    if (n > max) {
      const why = flag.fds ? ` at an fd limit of ${grouped(fdLimit)} (raise it with ulimit -n)` : '';
      throw new RangeError(`--${name}: ${grouped(n)} is above the safe bound, ${grouped(max)}${why}`);
    }
    flag.set(options, n);
  }
  try {
    serverLimits(fdLimit, options);
  } catch (err) {
    const names = Object.keys(values).filter(
      (n) => n === 'max-sessions' || n === 'max-lab-sockets' || n === 'max-http-connections',
    );
    throw new RangeError(`${names.map((n) => `--${n}`).join(' and ')}: ${(err as Error).message}`);
  }
  return options;
}

/** The --help lines of the limit flags, with their defaults and bounds at `fdLimit`. */
export function limitUsage(fdLimit: number): string {
  const lines = Object.entries(limitFlags).map(([name, flag]: [string, LimitFlag]) => {
    const left = `  --${name} N`.padEnd(38);
    return `${left}${flag.what}: default ${grouped(flag.default(fdLimit))}, ${grouped(flag.min)}–${grouped(flag.max(fdLimit))}`;
  });
  return `limits of serve (bounds at this process's fd limit, ${grouped(fdLimit)}; see README "Limits"):\n${lines.join('\n')}\n`;
}
