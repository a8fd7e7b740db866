import { ErrorCode, type LoadPhase, SocklabError, type SyscallName } from '@socklab/protocol';
import type { CallResult } from '../calls.ts';
import type { Lab } from '../lab.ts';
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
};

/**
 * Runs the `load` lesson's work through the lab's driver (every call one
 * libc call on a non-blocking fd, blocked calls woken by the reactor): one
 * listener; `clients` clients each `socket()`, `connect()`, `write()` the
 * message, `read()` the echo and `close()`; the server `accept()`s each,
 * `read()`s, `write()`s it back, `read()`s the end of file and `close()`s.
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
  let closed = 0;
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
    onSample({ ...table.sample(port), port, atMs: performance.now() - start, phase, connected, closed });
  };
  const count = <R extends CallResult>(actor: 'server' | 'clients', syscall: SyscallName, result: R): R => {
    tally.add(actor, syscall, result);
    // While a thousand calls keep the event loop busy, the timer below may not get a turn: the calls sample too.
    if (performance.now() - sampledAt >= options.sampleMs) sample();
    return result;
  };
  const timer = setInterval(sample, options.sampleMs);
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
    const server = serve(lab, listener, clients, message.length, count, opened, () => open--);
    const sessions: Promise<void>[] = [];
    let echoed = 0;
    for (let i = 0; i < clients; i++) {
      sessions.push(
        client(lab, port, message, count, opened, {
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
          },
        }),
      );
    }
    await Promise.all(sessions);
    await server;
  } catch (err) {
    if (!(err instanceof SocklabError)) throw err;
    refused = `${err.code}: ${err.message}`;
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
    return { port, clients, planned, tally, refused, durationMs: performance.now() - start, peakSockets };
  }
}

type Count = <R extends CallResult>(actor: 'server' | 'clients', syscall: SyscallName, result: R) => R;

/** One client: socket, connect, write, read the echo, close; it stops at a call that fails, as `exit(1)` would. */
async function client(
  lab: Lab,
  port: number,
  message: Uint8Array,
  count: Count,
  opened: () => void,
  on: { connected(): void; echoed(): void; closed(): void },
): Promise<void> {
  const made = count('clients', 'socket', lab.socket('inet'));
  if (!made.created) return;
  const sock = made.created;
  opened();
  try {
    const c = count('clients', 'connect', await lab.connect(sock, { host: '127.0.0.1', port }));
    if (c.ret < 0) return;
    on.connected();
    if (count('clients', 'write', await lab.write(sock, message)).ret < 0) return;
    if (count('clients', 'read', await lab.read(sock, message.length)).ret < 0) return;
    on.echoed();
  } finally {
    count('clients', 'close', lab.close(sock));
    on.closed();
  }
}

/** The server: accepts `clients` connections one after another and serves each at once, concurrently. */
async function serve(
  lab: Lab,
  listener: string,
  clients: number,
  size: number,
  count: Count,
  opened: () => void,
  closed: () => void,
): Promise<void> {
  const served: Promise<void>[] = [];
  for (let i = 0; i < clients; i++) {
    const a = count('server', 'accept', await lab.accept(listener));
    if (!a.created) break;
    opened();
    served.push(echo(lab, a.created, size, count).finally(closed));
  }
  await Promise.all(served);
}

/** One connection: read the message, write it back, read the end of file, close. */
async function echo(lab: Lab, sock: string, size: number, count: Count): Promise<void> {
  try {
    const r = count('server', 'read', await lab.read(sock, size));
    if (r.ret <= 0 || !r.data) return;
    if (count('server', 'write', await lab.write(sock, r.data)).ret < 0) return;
    count('server', 'read', await lab.read(sock, size));
  } finally {
    count('server', 'close', lab.close(sock));
  }
}
