import type { CallOutcome, Observation } from '@socklab/kernel';
import type { Expectation } from '@socklab/lessons';
import { bytesToText, flagSet, type KernelRow, type TcpFlag } from '@socklab/protocol';
import type { Segment } from './lab/wire.ts';

/** What the kernel reported when a call blocked. */
export type BlockedSeen = { tcp: string; acceptQueue: string };

/** Everything a step's expectation is compared with: the kernel's answers only. */
export type Seen = {
  outcome: CallOutcome;
  /** The step's socket (the one it created, else the one it used), right after the call. */
  subject: Observation | undefined;
  /** The lesson's listener right after the call. */
  listener: Observation | undefined;
  /** The kernel's table after the call; null without a table. */
  rows: KernelRow[] | null;
  /** The flag sets of the segments the call is checked against; null without capture. */
  packets: string[] | null;
  /** What the kernel said when the call blocked. */
  blocked: BlockedSeen | undefined;
  /** The lesson's port. */
  port: number;
};

/** A step's expectation against the kernel's answer: `ok`, and both sides spelled out. */
export type CheckResult = { ok: boolean; expected: string; actual: string };

/**
 * Compares what a lesson expects of a step with what the kernel answered.
 * Only what the machine can show is compared (packets with capture, rows with
 * a socket table); the result spells out both sides, never hides one.
 *
 * @example
 * checkStep({ ret: 0, tcp: 'LISTEN' }, seen) // { ok: true, expected: 'ret 0, tcp LISTEN', actual: 'ret 0, tcp LISTEN' }
 */
export function checkStep(expect: Expectation, seen: Seen): CheckResult {
  const { outcome } = seen;
  const expected: string[] = [];
  const actual: string[] = [];
  let ok = true;
  const compare = (label: string, want: string, got: string) => {
    expected.push(`${label} ${want}`);
    actual.push(`${label} ${got}`);
    if (want !== got) ok = false;
  };
  if (expect.ret !== undefined) {
    const got = expect.ret === 'fd' && outcome.ret >= 0 ? 'fd' : String(outcome.ret);
    compare('ret', String(expect.ret), got);
  }
  if (expect.errno !== undefined) compare('errno', expect.errno ?? 'none', outcome.errno?.name ?? 'none');
  if (expect.blocks !== undefined) compare('blocked', String(expect.blocks), String(outcome.blocked));
  if (expect.tcp !== undefined) compare('tcp', expect.tcp, seen.subject?.tcp ?? 'none');
  if (expect.soError !== undefined) {
    const got = outcome.soError === undefined ? '?' : (outcome.soError?.name ?? 'none');
    compare('SO_ERROR', expect.soError ?? 'none', got);
  }
  if (expect.ephemeralPort !== undefined) {
    const port = outcome.address?.port ?? 0;
    compare('ephemeral port', String(expect.ephemeralPort), String(port >= 1024 && port !== seen.port));
  }
  if (expect.acceptQueue !== undefined) {
    compare('accept queue', String(expect.acceptQueue), String(seen.listener?.acceptQueue ?? 'none'));
  }
  const whileBlocked = expect.whileBlocked;
  if (whileBlocked?.tcp !== undefined) {
    compare('while blocked: tcp', whileBlocked.tcp, seen.blocked?.tcp ?? 'not blocked');
  }
  if (whileBlocked?.acceptQueue !== undefined) {
    compare(
      'while blocked: accept queue',
      String(whileBlocked.acceptQueue),
      seen.blocked?.acceptQueue ?? 'not blocked',
    );
  }
  if (expect.packets !== undefined && seen.packets !== null) {
    const want = expect.packets.map((f) => flagSet(f.split(',') as TcpFlag[]));
    const got = seen.packets;
    compare('packets', want.join(' '), isSubsequence(want, got) ? want.join(' ') : got.join(' '));
  }
  if (expect.table !== undefined && seen.rows !== null) {
    const rows = seen.rows;
    for (const row of expect.table) {
      const label = `${row.side} ${row.state}${row.fd ? '' : ' (no fd)'}`;
      const found = rows.some(
        (r) =>
          r.state === row.state &&
          (r.inode !== 0) === row.fd &&
          (r.local.port === seen.port ? 'server' : 'client') === row.side,
      );
      compare('table', label, found ? label : `no ${label} in [${rows.map((r) => r.linuxState).join(', ')}]`);
    }
  }
  if (expect.text !== undefined) {
    compare('text', JSON.stringify(expect.text), JSON.stringify(bytesToText(outcome.data ?? Buffer.alloc(0))));
  }
  return { ok, expected: expected.join(', '), actual: actual.join(', ') };
}

/**
 * The segments a call is checked against: those it caused, or, for a call
 * that blocked, every segment of its connection from its entry until it
 * returned, whoever sent it and whichever call it was shown with.
 */
export function segmentsOfCall(
  caused: string[],
  whileBlocked: Segment[] | null,
  subject: Observation | undefined,
): string[] {
  const local = subject?.local?.port;
  const remote = subject?.remote?.port;
  if (whileBlocked === null || local === undefined || remote === undefined) return caused;
  return whileBlocked
    .filter(({ ports: [a, b] }) => (a === local && b === remote) || (a === remote && b === local))
    .map((s) => s.flags);
}

/** Whether `want` appears in `got` in order (other items may come between). */
function isSubsequence(want: readonly string[], got: readonly string[]): boolean {
  let i = 0;
  for (const item of got) if (item === want[i]) i++;
  return i === want.length;
}
