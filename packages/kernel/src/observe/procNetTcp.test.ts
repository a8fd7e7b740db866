import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Lab } from '../lab.ts';
import { byPortProc, lookupProc, parseProcNetTcp, readProcNetTcp } from './procNetTcp.ts';
import { SockDiag } from './sockDiag.ts';
import { anyAddress, boundSocket, connectedPair, connectTo, listener, ours, socketInode } from './testing.ts';

let lab: Lab;
let diag: SockDiag;

beforeEach(() => {
  lab = new Lab();
  const opened = SockDiag.open();
  if (!opened.diag) throw new Error(`sock_diag unavailable: ${opened.reason}`);
  diag = opened.diag;
});

afterEach(() => {
  lab.closeAll();
  diag.close();
});

const settle = { timeout: 2000, interval: 2 };

const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';

describe('parseProcNetTcp', () => {
  it('decodes addresses, state, queues, timer (USER_HZ ticks) and inode', () => {
    const text =
      header +
      '   0: 0100007F:0FA0 00000000:0000 0A 00000000:00000002 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0\n' +
      '   1: 0100007F:A1B2 0100007F:0FA0 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000\n' +
      '   2: 0100007F:A1B3 0100007F:0FA0 01 0000000C:00000000 01:00000014 00000002  1000        0 4244 1 0000000000000000 20 4 1 10 -1\n';
    const [listen, tw, est] = parseProcNetTcp(text, 'inet');
    expect(listen).toEqual({
      family: 'inet',
      state: 'LISTEN',
      linuxState: 'LISTEN',
      local: { family: 'inet', host: '127.0.0.1', port: 4000 },
      remote: null,
      recvQ: 2,
      sendQ: 0,
      timer: { kind: 'off', expiresMs: 0, retrans: 0 },
      uid: 0,
      inode: 4242,
    });
    expect(tw).toMatchObject({
      state: 'TIME_WAIT',
      remote: { family: 'inet', host: '127.0.0.1', port: 4000 },
      timer: { kind: 'timewait', expiresMs: 60_000, retrans: 0 },
      inode: 0,
    });
    expect(est).toMatchObject({
      state: 'ESTABLISHED',
      sendQ: 12,
      uid: 1000,
      timer: { kind: 'on', expiresMs: 200, retrans: 2 },
    });
  });

  it('decodes tcp6 addresses as four host-order words', () => {
    const text =
      header +
      '   0: 00000000000000000000000001000000:0FA0 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4243 1 0000000000000000 100 0 0 10 0\n' +
      '   1: 0000000000000000FFFF00000100007F:0FA1 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4245 1 0000000000000000 100 0 0 10 0\n';
    const [loop, mapped] = parseProcNetTcp(text, 'inet6');
    expect(loop?.local).toEqual({ family: 'inet6', host: '::1', port: 4000 });
    expect(loop?.remote).toBeNull();
    expect(mapped?.local.host).toBe('::ffff:7f00:1');
  });

  it('throws on a state number it does not know', () => {
    const text = `${header}   0: 0100007F:0FA0 00000000:0000 1F 00000000:00000000 00:00000000 00000000     0        0 1 1\n`;
    expect(() => parseProcNetTcp(text, 'inet')).toThrow('31');
  });
});

describe('the /proc fallback on the real kernel', () => {
  it('does not show a bound-only socket (sock_diag does)', () => {
    const { port } = boundSocket(lab);
    expect(ours(lab, byPortProc(port))).toEqual([]);
    expect(ours(lab, diag.byPort(port))).toHaveLength(1);
  });

  it('gives the same LISTEN / ESTABLISHED / TIME_WAIT as sock_diag for the same sockets', async () => {
    const l = listener(lab, 5);
    const queued = await connectTo(lab, l);
    const done = await connectedPair(lab);
    lab.close(done.client);
    lab.close(done.server);
    await vi.waitFor(() => expect(diag.lookup(done.clientEnd, done.serverEnd)?.state).toBe('TIME_WAIT'), settle);

    const ends = [
      [l.local, anyAddress('inet'), 'LISTEN'],
      [queued.clientEnd, queued.serverEnd, 'ESTABLISHED'],
      [queued.serverEnd, queued.clientEnd, 'ESTABLISHED'],
      [done.clientEnd, done.serverEnd, 'TIME_WAIT'],
    ] as const;
    for (const [local, remote, state] of ends) {
      const fromDiag = diag.lookup(local, remote);
      const fromProc = lookupProc(local, remote);
      expect(fromDiag?.state).toBe(state);
      expect(fromProc).toMatchObject({
        state: fromDiag?.state,
        linuxState: fromDiag?.linuxState,
        local: fromDiag?.local,
        remote: fromDiag?.remote,
        inode: fromDiag?.inode,
        timer: { kind: fromDiag?.timer.kind },
      });
    }
    expect(
      byPortProc(l.port)
        .map((s) => s.state)
        .sort(),
    ).toEqual(
      diag
        .byPort(l.port)
        .map((s) => s.state)
        .sort(),
    );
    // /proc has no backlog: a listener's tx_queue is write_seq − snd_una, 0.
    expect(lookupProc(l.local, anyAddress('inet'))).toMatchObject({ sendQ: 0, inode: socketInode(lab, l.id) });
  });

  it('reads both files', async () => {
    const { serverEnd } = await connectedPair(lab, 'inet6');
    expect(readProcNetTcp('inet6').some((s) => s.local.port === serverEnd.port && s.state === 'LISTEN')).toBe(true);
    expect(readProcNetTcp().some((s) => s.family === 'inet6')).toBe(true);
  });
});
