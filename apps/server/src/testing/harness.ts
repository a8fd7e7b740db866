import { mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { packetClosesPending } from '@socklab/kernel';
import type { SocklabEvent } from '@socklab/protocol';
import { WebSocket } from 'ws';
import { type RunningServer, type ServerOptions, startServer } from '../httpServer.ts';
import { silentLogger } from '../logger.ts';

/** A throwaway web root with an index.html, for serving tests. */
export function tempWebRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'socklab-web-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>socklab</title>');
  return dir;
}

/** Starts a server on port 0 with a temp web root and no logging. */
export function testServer(options: Partial<ServerOptions> = {}): Promise<RunningServer> {
  return startServer({ port: 0, webRoot: tempWebRoot(), logger: silentLogger, ...options });
}

/** A WebSocket client of a test server that collects every event. */
export type Client = {
  ws: WebSocket;
  events: SocklabEvent[];
  send(command: unknown): void;
  /** Resolves with the first collected event (past or future) matching `pred`. */
  waitFor<T extends SocklabEvent>(pred: (e: SocklabEvent) => e is T): Promise<T>;
  waitFor(pred: (e: SocklabEvent) => boolean): Promise<SocklabEvent>;
  closed: Promise<number>;
};

/** Opens a WebSocket to `server` with its own origin and token unless overridden. */
export function connect(
  server: RunningServer,
  options: { origin?: string | null; host?: string; token?: string | null; cookie?: string; url?: string } = {},
): Client {
  const origin = options.origin === undefined ? `http://127.0.0.1:${server.port}` : options.origin;
  const token = options.token === undefined ? server.token : options.token;
  // `url` opens another endpoint (a class viewer's); `token` then plays no part.
  const url =
    options.url ?? `ws://127.0.0.1:${server.port}/ws${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
  const headers: Record<string, string> = {
    ...(options.host ? { host: options.host } : {}),
    ...(options.cookie ? { cookie: options.cookie } : {}),
  };
  const ws = new WebSocket(url, { headers, ...(origin === null ? {} : { origin }) });
  const events: SocklabEvent[] = [];
  const waiters: { pred: (e: SocklabEvent) => boolean; resolve: (e: SocklabEvent) => void }[] = [];
  ws.on('message', (data) => {
    const event = JSON.parse(String(data)) as SocklabEvent;
    events.push(event);
    for (const w of [...waiters]) {
      if (w.pred(event)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(event);
      }
    }
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('error', () => {});
  return {
    ws,
    events,
    closed,
    send: (command) => {
      const text = typeof command === 'string' ? command : JSON.stringify(command);
      if (ws.readyState === ws.OPEN) ws.send(text);
      else ws.once('open', () => ws.send(text));
    },
    waitFor: ((pred: (e: SocklabEvent) => boolean) => {
      const found = events.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ pred, resolve }));
    }) as Client['waitFor'],
  };
}

/** The HTTP status of a refused upgrade, or 101 if it was accepted. */
export function upgradeStatus(server: RunningServer, options: Parameters<typeof connect>[1]): Promise<number> {
  return upgradeStatusOf(connect(server, options));
}

/** The HTTP status of `client`'s upgrade, or 101 if it was accepted; the client is closed either way. */
export function upgradeStatusOf(client: Client): Promise<number> {
  return new Promise((resolve) => {
    client.ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      client.ws.terminate();
    });
    client.ws.on('upgrade', () => {
      resolve(101);
      client.ws.close();
    });
  });
}

/** Performs a raw WebSocket upgrade (to the control endpoint unless `at` says where) and returns the bare socket. */
export function rawUpgrade(
  server: RunningServer,
  at: { host: string; path: string } = { host: '127.0.0.1', path: `/ws?token=${server.token}` },
): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: at.host,
      port: server.port,
      path: at.path,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        origin: `http://${at.host}:${server.port}`,
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    req.on('upgrade', (_res, socket, head: Buffer) => {
      // Frames that came with the 101 response belong to the socket's stream too.
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    req.on('response', (res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Counts the server's ping frames on a raw upgraded socket (RFC 6455 §5.2:
 * unmasked frames, opcode 0x9), parsing the stream frame by frame so that a
 * frame split across chunks, or bytes inside another frame's payload, count right.
 */
export function countPings(socket: Duplex): { readonly count: number } {
  const counter = { count: 0 };
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      if (pending.length < 2) return;
      const opcode = (pending[0] as number) & 0x0f;
      const short = (pending[1] as number) & 0x7f;
      const headerBytes = short === 126 ? 4 : short === 127 ? 10 : 2;
      if (pending.length < headerBytes) return;
      const length =
        short === 126 ? pending.readUInt16BE(2) : short === 127 ? Number(pending.readBigUInt64BE(2)) : short;
      if (pending.length < headerBytes + length) return;
      if (opcode === 0x9) counter.count++;
      pending = pending.subarray(headerBytes + length);
    }
  });
  return counter;
}

/** A masked client frame (RFC 6455 §5.2). */
export function frame(opcode: number, payload: Buffer, options: { rsv1?: boolean } = {}): Buffer {
  const mask = Buffer.from([1, 2, 3, 4]);
  const first = 0x80 | (options.rsv1 ? 0x40 : 0) | opcode;
  const header =
    payload.length < 126
      ? Buffer.from([first, 0x80 | payload.length])
      : Buffer.from([first, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  const body = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] as number)));
  return Buffer.concat([header, mask, body]);
}

/** The close code in a server close frame, read from the raw socket. */
export function closeCode(socket: Duplex): Promise<number> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      // Skip any non-close frames the server sent first (session.hello).
      for (;;) {
        if (buf.length < 2) return;
        const op = (buf[0] as number) & 0x0f;
        let len = (buf[1] as number) & 0x7f;
        let off = 2;
        if (len === 126) {
          if (buf.length < 4) return;
          len = buf.readUInt16BE(2);
          off = 4;
        }
        if (buf.length < off + len) return;
        if (op === 0x8) {
          resolve(buf.readUInt16BE(off));
          return;
        }
        buf = buf.subarray(off + len);
      }
    });
    socket.on('close', () => resolve(-1));
  });
}

/** The local addresses of every TCP socket this process is listening on (from /proc). */
export function listeningAddresses(): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m?.[1]) inodes.add(m[1]);
    } catch {
      // The fd closed while we looked.
    }
  }
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      const [local, state, inode] = [cols[1] ?? '', cols[3], cols[9] ?? ''];
      if (state !== '0A' || !inodes.has(inode)) continue;
      out.push(decodeProcAddress(local));
    }
  }
  return out;
}

function decodeProcAddress(hex: string): string {
  const [addr = '', port = ''] = hex.split(':');
  if (addr.length === 8) {
    const bytes = Buffer.from(addr, 'hex').reverse();
    return `${[...bytes].join('.')}:${Number.parseInt(port, 16)}`;
  }
  const words = Buffer.from(addr, 'hex');
  for (let i = 0; i < 16; i += 4) words.subarray(i, i + 4).reverse();
  const groups = Array.from({ length: 8 }, (_, i) => words.readUInt16BE(i * 2).toString(16));
  return `[${groups.join(':')}]:${Number.parseInt(port, 16)}`;
}

/** Resolves once `check()` is true, looking again after each turn of the event loop. */
export async function waitUntil(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

/** How many fds this process has open. */
export function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

/** How many fds this process has open once no packet socket is still being closed on the thread pool. */
export async function settledFds(): Promise<number> {
  await waitUntil(() => packetClosesPending() === 0);
  return openFds();
}

/** The HTTP status of `GET path` on a test server, with its own Host. */
export function getStatus(server: RunningServer, path = '/'): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: server.port, path }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

/** Collects garbage now, if the process may (V8's gc, exposed at run time), so heap and RSS can be compared. */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

/** Whether `check()` became true within `ms`, looking again after each turn of the event loop (a bounded poll, not a sleep). */
export async function trueWithin(check: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) return false;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return true;
}
