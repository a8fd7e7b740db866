import type { LoadPhase, StateCounts } from '@socklab/protocol';
import type { Lab } from '../lab.ts';
import { byPortProc } from '../observe/procNetTcp.ts';
import { SockDiag } from '../observe/sockDiag.ts';

/** What the kernel's socket table says about a load run's port at one moment. */
export type TableSample = {
  source: 'sock_diag' | 'proc';
  states: StateCounts;
  acceptQueue: number | null;
  backlog: number | null;
};

/** One sample as the load run reports it: the table for `port` (the kernel's choice after a bind to 0), and the calls' own counts so far. */
export type LoadSample = TableSample & {
  port: number;
  atMs: number;
  phase: LoadPhase;
  connected: number;
  closed: number;
};

/**
 * Counts the sockets of one port per TCP state, as the kernel's table holds
 * them (every socket whose local or remote port it is; a socket() not yet
 * bound is in no table), and reads the listener's accept queue and backlog
 * from its LISTEN row (`ss` Recv-Q / Send-Q). Reads sock_diag, opened where
 * the lab's sockets live; where sock_diag cannot be opened, /proc/net/tcp
 * (which has no backlog: null).
 *
 * @example
 * const sampler = new PortSampler(lab);
 * sampler.sample(4000); // { source: 'sock_diag', states: { LISTEN: 1, ESTABLISHED: 12 }, acceptQueue: 6, backlog: 1024 }
 * sampler.close();
 */
export class PortSampler {
  readonly #diag: SockDiag | null;
  /** Why /proc is read instead of sock_diag, or null. */
  readonly reason: string | null;

  constructor(lab: Lab) {
    const opened = lab.within(() => SockDiag.open());
    this.#diag = opened.diag;
    this.reason = opened.diag ? null : opened.reason;
  }

  /** The table's counts for `port` right now. */
  sample(port: number): TableSample {
    if (this.#diag) {
      const { states, listener } = this.#diag.countByPort(port, 'inet');
      return { source: 'sock_diag', states, acceptQueue: listener?.recvQ ?? null, backlog: listener?.sendQ ?? null };
    }
    const states: StateCounts = {};
    let acceptQueue: number | null = null;
    for (const row of byPortProc(port, 'inet')) {
      states[row.state] = (states[row.state] ?? 0) + 1;
      if (row.state === 'LISTEN' && row.local.port === port) acceptQueue = row.recvQ;
    }
    return { source: 'proc', states, acceptQueue, backlog: null };
  }

  /** Closes the netlink socket. */
  close(): void {
    this.#diag?.close();
  }
}
