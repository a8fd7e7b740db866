import type { Address } from '@socklab/protocol';
import { ErrorCode, SocklabError } from '@socklab/protocol';
import type { DiagSocket } from './diagSocket.ts';
import { byPortProc, lookupProc } from './procNetTcp.ts';
import { SockDiag } from './sockDiag.ts';

/** Where a `SocketTable` reads the kernel's socket table. */
export type TableSource = 'sock_diag' | 'proc';

/**
 * The kernel's TCP socket table, read through netlink sock_diag when this
 * machine allows it, else by parsing `/proc/net/tcp{,6}` (slower, and without
 * bound-only sockets or a listener's backlog). If a sock_diag query ever
 * fails, the table switches to /proc for good and says why. Never throws for
 * a kernel failure; throws at once for a bad port or address.
 *
 * @example
 * const table = new SocketTable();
 * table.source;           // 'sock_diag' (or 'proc', with table.reason saying why)
 * table.byPort(4000);     // [{ state: 'LISTEN', recvQ: 1, sendQ: 5, … }, …]
 * table.lookup(
 *   { family: 'inet', host: '127.0.0.1', port: 4000 },
 *   { family: 'inet', host: '127.0.0.1', port: 51234 },
 * );                      // { state: 'ESTABLISHED', inode: 0, … } while still in the accept queue
 * table.close();
 */
export class SocketTable {
  #diag: SockDiag | null = null;
  #reason: string | null = null;
  #closed = false;
  // Lazy tables open sock_diag (through `within`) at their first use, and again after `release()`.
  readonly #within: (<T>(make: () => T) => T) | null = null;
  #opened = false;

  /**
   * `source: 'proc'` skips sock_diag (to compare the two, or to test the
   * fallback). `lazy` opens the netlink socket only when the table is first
   * read (`within` runs the open, e.g. inside a lab's namespace), so an idle
   * owner holds no descriptor; `release()` gives it back until the next read.
   */
  constructor(options: { source?: 'auto' | 'proc'; lazy?: { within: <T>(make: () => T) => T } } = {}) {
    if (options.source === 'proc') {
      this.#reason = 'the /proc source was asked for';
      this.#opened = true;
      return;
    }
    if (options.lazy) {
      this.#within = options.lazy.within;
      return;
    }
    this.#open(SockDiag.open());
  }

  #open(opened: ReturnType<typeof SockDiag.open>): void {
    this.#opened = true;
    if (opened.diag) this.#diag = opened.diag;
    else this.#reason = opened.reason;
  }

  #ensure(): void {
    if (!this.#opened && this.#within && !this.#closed) this.#open(this.#within(() => SockDiag.open()));
  }

  /** Which source answers: `sock_diag`, or `proc` after a fallback. */
  get source(): TableSource {
    this.#ensure();
    return this.#diag ? 'sock_diag' : 'proc';
  }

  /** Why the table reads /proc; null while it uses sock_diag. */
  get reason(): string | null {
    this.#ensure();
    return this.#reason;
  }

  /** Whether the table holds a netlink socket now. */
  get holding(): boolean {
    return this.#diag !== null;
  }

  /** A lazy table closes its netlink socket until it is read again; an eager one keeps it. */
  release(): void {
    if (!this.#within || !this.#opened) return;
    this.#diag?.close();
    this.#diag = null;
    this.#reason = null;
    this.#opened = false;
  }

  /** The one connection with exactly these ends (even one no process holds), or null. */
  lookup(local: Address, remote: Address): DiagSocket | null {
    return this.#query(
      (diag) => diag.lookup(local, remote),
      () => lookupProc(local, remote),
    );
  }

  /** Every TCP socket whose local or remote port is `port`; bound-only sockets only through sock_diag. */
  byPort(port: number, family?: 'inet' | 'inet6'): DiagSocket[] {
    return this.#query(
      (diag) => diag.byPort(port, family),
      () => byPortProc(port, family),
    );
  }

  /** Releases the netlink socket; later queries throw. */
  close(): void {
    this.#closed = true;
    this.#diag?.close();
  }

  #query<T>(viaDiag: (diag: SockDiag) => T, viaProc: () => T): T {
    if (this.#closed) throw new Error('this SocketTable is closed');
    this.#ensure();
    if (this.#diag) {
      try {
        return viaDiag(this.#diag);
      } catch (err) {
        if (!(err instanceof SocklabError && err.code === ErrorCode.internal)) throw err;
        this.#diag.close();
        this.#diag = null;
        this.#reason = err.message;
      }
    }
    return viaProc();
  }
}
