import * as v from 'valibot';
import { Count, Id } from './base.ts';
import { SyscallName, TcpState } from './vocabulary.ts';

const syscallNames = Object.values(SyscallName) as [SyscallName, ...SyscallName[]];
const Base = { seq: Count, t: v.pipe(v.number(), v.minValue(0)) };

/** How many sockets of the lab's port the kernel holds in each TCP state; a state with none is left out. */
export const StateCountsSchema = v.record(v.picklist(Object.values(TcpState)), Count);
export type StateCounts = v.InferOutput<typeof StateCountsSchema>;

/** The parts of a load run, in order. */
export const loadPhases = ['connect', 'echo', 'close', 'done'] as const;
export type LoadPhase = (typeof loadPhases)[number];

/**
 * One sample of a load run (the `load` lesson), taken while its clients
 * connect, echo and close: the kernel's socket table for the lesson's port
 * (`states`, `acceptQueue`, `backlog`, read from `source`), and the calls'
 * own results counted so far (`connected`: connect() calls that returned 0,
 * `closed`: clients' close() calls that returned). `atMs` is from the run's
 * start; connections per second is `connected` over time.
 */
export const LoadSampleSchema = v.object({
  ...Base,
  type: v.literal('load.sample'),
  lesson: Id,
  atMs: v.pipe(v.number(), v.minValue(0)),
  phase: v.picklist(loadPhases),
  /** Where the counts come from: a sock_diag dump of the port, or /proc/net/tcp when sock_diag is missing. */
  source: v.picklist(['sock_diag', 'proc']),
  states: StateCountsSchema,
  /** The listener's accept queue and backlog (its LISTEN row: `ss` Recv-Q / Send-Q); null once it is closed. */
  acceptQueue: v.nullable(Count),
  backlog: v.nullable(Count),
  connected: Count,
  closed: Count,
});

/** How many calls of one actor's one syscall returned one result: a return value (`fd`: any descriptor) or an errno. */
export const LoadResultSchema = v.object({
  actor: v.picklist(['server', 'clients']),
  syscall: v.picklist(syscallNames),
  /** The return value; `fd` for a descriptor socket() or accept() returned; -1 with `errno`. */
  ret: v.union([v.pipe(v.number(), v.integer()), v.literal('fd')]),
  errno: v.nullable(v.pipe(v.string(), v.maxLength(32))),
  /** How many of them would have blocked first (EAGAIN, EINPROGRESS) and waited for the kernel. */
  blocked: Count,
  count: Count,
});
export type LoadResult = v.InferOutput<typeof LoadResultSchema>;

/**
 * The end of a load run: every call's real result, counted. `made` is the
 * sum of every `count`; `planned` is what the run set out to make (the
 * listener's calls plus each client's and its connection's); they differ
 * only when a call failed and its program gave up (`refused` says when
 * socklab refused a call before the kernel, with the error's code).
 */
export const LoadTallySchema = v.object({
  ...Base,
  type: v.literal('load.tally'),
  lesson: Id,
  clients: Count,
  planned: Count,
  made: Count,
  results: v.pipe(v.array(LoadResultSchema), v.maxLength(512)),
  refused: v.nullable(v.pipe(v.string(), v.maxLength(1000))),
  durationMs: v.pipe(v.number(), v.minValue(0)),
  /** The most sockets the run held open at once (lab sockets, the listener included). */
  peakSockets: Count,
});
