import { ErrorCode, type LoadPhase, SocklabError, type SyscallName } from '@socklab/protocol';
import { checkLabAddress } from '../addressPolicy.ts';
import type { CallResult } from '../calls.ts';
import type { Lab } from '../lab.ts';
import { encodeSockaddr } from '../libc/sockaddr.ts';
import { sharedReactor } from '../reactor.ts';
import { EdgeLoop } from './edgeLoop.ts';
import { type LibcCounts, LoadCalls } from './loadCalls.ts';
import { LoadClient } from './loadClient.ts';
import { type LoadConnection, LoadServer } from './loadServer.ts';
import { type LoadSample, PortSampler } from './sampler.ts';
import { CallTally } from './tally.ts';

/** What a load run does: `clients` clients connect to one listener, each sends `message`, reads the echo and closes. */
export type LoadOptions = {
  clients: number;
  /** The listener's port; 0 lets the kernel choose. */
  port: number;
  backlog: number;
  message: Uint8Array;
  /** How often the kernel's table is sampled while the run goes on. */
  sampleMs: number;
};

/** The calls one client and its connection make, and the listener's own (socket, bind, listen, close). */
export const callsPerClient = 10;
export const listenerCalls = 4;

/** What a load run ended with. */
export type LoadOutcome = {
  port: number;
  clients: number;
  planned: number;
  tally: CallTally;
  /** Why the run stopped early: socklab refused a call (a limit), or the listener failed. */
  refused: string | null;
  durationMs: number;
  peakSockets: number;
  /**
   * Every libc call the clients and connections made, by function: the C
   * calls, their retries after EAGAIN, the pinning to lo and the epoll set's
   * (besides its epoll_create1 and close); the listener's few calls through
   * the lab are not in it.
   */
  libc: LibcCounts;
};

// While the clients keep the run busy, it still gives the event loop a turn this often (other sessions, the WebSocket).
const yieldMs = 8;

/**
 * Runs the `load` lesson's work through socklab's driver: one listener (its
 * socket, bind, listen and close through the lab); `clients` clients each
 * `socket()`, `connect()`, `write()` the message, `read()` the echo and
 * `close()`; the server `accept()`s each, `read()`s, `write()`s it back,
 * `read()`s the end of file and `close()`s. Every call is one libc call on a
 * non-blocking fd, made when the C programs make it; the clients and
 * connections are state machines on one edge-triggered epoll set of their
 * own (`EdgeLoop`), and a call that would block in C (EINPROGRESS, EAGAIN)
 * counts as blocked and completes when the kernel says the fd is ready.
 * Every call's real result is counted in the tally; `onSample` gets the
 * kernel's table for the port every `sampleMs` and once after each phase.
 *
 * Throws `SOCKLAB_ERR_LIMIT` before any syscall when the lab cannot hold
 * every client's two sockets and the listener at once.
 *
 * @example
 * const lab = new Lab({ limits: { maxSockets: 2 * 100 + 1 } });
 * const out = await runLoad(lab, { clients: 100, port: 0, backlog: 128, message: Buffer.from('hi'), sampleMs: 20 }, console.log);
 * out.tally.made === out.planned; // true when every call was made
 */
export async function runLoad(
  lab: Lab,
  options: LoadOptions,
  onSample: (sample: LoadSample) => void,
): Promise<LoadOutcome> {
  const { clients, message } = options;
  if (!Number.isInteger(clients) || clients < 1)
    throw new SocklabError(ErrorCode.limit, `clients must be ≥ 1, got ${clients}`);
  const need = 2 * clients + 1;
  if (need > lab.limits.maxSockets) {
    throw new SocklabError(
      ErrorCode.limit,
      `${clients} clients need ${need} sockets at once (each client's and its connection's, and the listener); this lab may hold ${lab.limits.maxSockets}: at most ${Math.floor((lab.limits.maxSockets - 1) / 2)} clients`,
    );
  }
  const start = performance.now();
  const tally = new CallTally();
  const table = new PortSampler(lab);
  const planned = listenerCalls + callsPerClient * clients;
  let phase: LoadPhase = 'connect';
  let connected = 0;
  let echoed = 0;
  let closed = 0;
  let clientsDone = 0;
  let connectionsOpen = 0;
  let open = 0;
  let peakSockets = 0;
  let port = options.port;
  const opened = () => {
    open++;
    if (open > peakSockets) peakSockets = open;
  };
  // Samples start once the listener listens (the port is known then, the kernel's choice after a bind to 0).
  let listening = false;
  let sampledAt = 0;
  const sample = () => {
    if (!listening) return;
    sampledAt = performance.now();
    onSample({ ...table.sample(port), port, atMs: sampledAt - start, phase, connected, closed });
  };
  // While the calls keep the event loop busy, the timer below may not get a turn: the calls sample too.
  const due = () => {
    if (performance.now() - sampledAt >= options.sampleMs) sample();
  };
  const count = <R extends CallResult>(actor: 'server' | 'clients', syscall: SyscallName, result: R): R => {
    tally.add(actor, syscall, result);
    due();
    return result;
  };
  const timer = setInterval(sample, options.sampleMs);
  const calls = new LoadCalls(lab, tally, message.length, due);
  const machines: (LoadClient | LoadConnection | LoadServer | undefined)[] = [];
  let loop: EdgeLoop | null = null;
  let loan: { release(): void } | null = null;
  let abandoned = false;
  let waiting = false;
  const closeRest = () => {
    for (const m of machines) if (m && !(m instanceof LoadServer)) m.abandon();
    loop?.close();
  };
  // The lab's closeAll() (the session ended) closes every fd the run holds and the run stops where it is:
  // at once while it waits; from inside a call (an onSample that closes the lab) once that call returns.
  const abandon = () => {
    abandoned = true;
    if (waiting) closeRest();
  };
  let refused: string | null = null;
  let listener: string | null = null;
  try {
    const made = count('server', 'socket', lab.socket('inet'));
    if (!made.created) return finish();
    listener = made.created;
    opened();
    const bound = count('server', 'bind', lab.bind(listener, { host: '127.0.0.1', port: options.port }));
    if (bound.ret < 0) return finish();
    port = lab.observe(listener).local?.port ?? options.port;
    if (count('server', 'listen', lab.listen(listener, options.backlog)).ret < 0) return finish();
    listening = true;
    sample();
    const addr = encodeSockaddr(checkLabAddress('127.0.0.1', port, 'connect', lab.limits.ports));
    loan = lab.lend(2 * clients, abandon);
    loop = new EdgeLoop(sharedReactor());
    const edges = loop;
    const server = new LoadServer(calls, edges, lab.open(listener).fd, clients, message.length, clients + 1, {
      accepted: (connection, token) => {
        opened();
        connectionsOpen++;
        machines[token] = connection;
      },
      closed: () => {
        open--;
        connectionsOpen--;
      },
      failed: () => {},
    });
    machines[0] = server;
    edges.add(lab.open(listener).fd, 0);
    server.start();
    const dispatch = (token: number, events: number) => {
      if (!abandoned) machines[token]?.ready(events);
    };
    // As many clients as the backlog holds connect all at once; past that, the server accepts every
    // `acceptEvery` connects, as two programs would: an overflowing queue drops SYNs, retried a second later.
    const acceptEvery = clients > options.backlog ? 64 : clients;
    const hooks = {
      connected: () => {
        if (++connected === clients) phase = 'echo';
      },
      echoed: () => {
        if (++echoed === clients) {
          phase = 'close';
          sample();
        }
      },
      closed: () => {
        open--;
        closed++;
        clientsDone++;
      },
    };
    const codes: number[] = [];
    const fds = calls.sockets(clients, codes);
    // Every fd has its machine before any other call: whatever fails next, the run closes them all.
    const starting: [token: number, client: LoadClient][] = [];
    for (let i = 0; i < clients; i++) {
      const fd = fds[i] ?? -1;
      calls.count('clients', 'socket', fd, codes[i] ?? 0, false);
      if (fd < 0) clientsDone++;
      else {
        opened();
        const client = new LoadClient(calls, fd, addr, message, hooks);
        machines[i + 1] = client;
        starting.push([i + 1, client]);
      }
    }
    for (let i = 0; i < starting.length && !abandoned; i++) {
      const [token, client] = starting[i] as [number, LoadClient];
      edges.add(client.fd, token);
      client.start();
      if (i % acceptEvery === acceptEvery - 1) edges.poll(dispatch);
    }
    let turn = performance.now();
    while (clientsDone < clients || connectionsOpen > 0) {
      const ready = edges.poll(dispatch);
      if (abandoned) throw new SocklabError(ErrorCode.cancelled, 'the session ended while the clients ran');
      if (clientsDone === clients && connectionsOpen === 0) break;
      if (ready > 0 && performance.now() - turn < yieldMs) continue;
      waiting = true;
      await (ready > 0 ? new Promise<void>((go) => setImmediate(go)) : edges.wait()).finally(() => {
        waiting = false;
      });
      if (abandoned) throw new SocklabError(ErrorCode.cancelled, 'the session ended while the clients ran');
      turn = performance.now();
    }
  } catch (err) {
    if (!(err instanceof SocklabError)) {
      clearInterval(timer);
      table.close();
      throw err;
    }
    refused = `${err.code}: ${err.message}`;
  } finally {
    // After a failure of the driver itself, what is still open closes uncounted (no C call made it).
    closeRest();
    loan?.release();
  }
  return finish();

  function finish(): LoadOutcome {
    clearInterval(timer);
    if (listener && !lab.get(listener).closed) {
      count('server', 'close', lab.close(listener));
      open--;
    }
    phase = 'done';
    sample();
    table.close();
    const libcCounts = { ...calls.libc, epoll_ctl: loop?.ctlCalls ?? 0, epoll_wait: loop?.waitCalls ?? 0 };
    return {
      port,
      clients,
      planned,
      tally,
      refused,
      durationMs: performance.now() - start,
      peakSockets,
      libc: libcCounts,
    };
  }
}
