import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Lab } from '../lab.ts';
import { NetNamespace } from '../netns.ts';
import { SockDiag } from './sockDiag.ts';
import { anyAddress, boundSocket, connectedPair, connectTo, listener, ours, socketInode } from './testing.ts';

let lab: Lab;
let diag: SockDiag;
let ns: NetNamespace | null = null;

// In a network of its own where the machine allows it: on the host's, other programs' sockets
// (a TIME_WAIT of another test's connection) may share a port number with this test's.
beforeEach(() => {
  ns = NetNamespace.create().ns;
  lab = new Lab({ netns: ns });
  const opened = lab.within(() => SockDiag.open());
  if (!opened.diag) throw new Error(`sock_diag unavailable: ${opened.reason}`);
  diag = opened.diag;
});

afterEach(() => {
  lab.closeAll();
  diag.close();
  ns?.close();
});

// Loopback delivers the peer's ACK a little after close()/shutdown() returns: poll, never sleep.
const settle = { timeout: 2000, interval: 2 };

describe('SockDiag on the real kernel', () => {
  it('shows a bound-only socket, which Linux 6.18 reports as CLOSE (selected by TCPF_BOUND_INACTIVE)', () => {
    const { id, port, local } = boundSocket(lab);
    const found = ours(lab, diag.byPort(port));
    expect(found).toHaveLength(1);
    // The bound-inactive walk (Linux ≥ 6.5) is chosen by state bit 13, but the
    // message carries sk_state as is: TCP_CLOSE (7), not TCP_BOUND_INACTIVE (13).
    expect(found[0]).toMatchObject({ state: 'CLOSED', linuxState: 'CLOSE', local, remote: null });
    expect(found[0]?.inode).toBe(socketInode(lab, id));
  });

  it('listen(fd, 5) is LISTEN with recvQ 0 (accept queue) and sendQ 5 (backlog)', () => {
    const { id, port } = listener(lab, 5);
    // Other tests' connections may use this port number as their peer's port: keep our end only.
    expect(diag.byPort(port).filter((s) => s.local.port === port)).toEqual([
      expect.objectContaining({ state: 'LISTEN', linuxState: 'LISTEN', recvQ: 0, sendQ: 5, remote: null }),
    ]);
    expect(ours(lab, diag.byPort(port))[0]?.inode).toBe(socketInode(lab, id));
  });

  it('a connection completes before accept(): queued, ESTABLISHED, with inode 0 until accepted', async () => {
    const l = listener(lab, 5);
    const { client, clientEnd, serverEnd } = await connectTo(lab, l);
    expect(ours(lab, diag.byPort(l.port)).find((s) => s.state === 'LISTEN')?.recvQ).toBe(1);
    expect(diag.lookup(serverEnd, clientEnd)).toMatchObject({ state: 'ESTABLISHED', inode: 0 });
    expect(diag.lookup(clientEnd, serverEnd)?.inode).toBe(socketInode(lab, client));

    const server = (await lab.accept(l.id)).created as string;
    expect(diag.lookup(serverEnd, clientEnd)?.inode).toBe(socketInode(lab, server));
    expect(ours(lab, diag.byPort(l.port)).find((s) => s.state === 'LISTEN')?.recvQ).toBe(0);
  });

  it('client closes first, then the server: the client end waits in TIME_WAIT (60 s) with no fd', async () => {
    const { client, server, clientEnd, serverEnd } = await connectedPair(lab);
    lab.close(client);
    lab.close(server);
    const tw = await vi.waitFor(() => {
      const s = diag.lookup(clientEnd, serverEnd);
      expect(s?.state).toBe('TIME_WAIT');
      return s;
    }, settle);
    expect(tw).toMatchObject({ linuxState: 'TIME_WAIT', inode: 0, timer: { kind: 'timewait' } });
    expect(tw?.timer.expiresMs).toBeGreaterThan(0);
    expect(tw?.timer.expiresMs).toBeLessThanOrEqual(60_000);
    // The server end sent the last FIN: once ACKed it is gone from the table.
    await vi.waitFor(() => expect(diag.lookup(serverEnd, clientEnd)).toBeNull(), settle);
  });

  it('shutdown(SHUT_WR) gives FIN_WAIT_2 on the client (fd held) and CLOSE_WAIT on the server', async () => {
    const { client, server, clientEnd, serverEnd } = await connectedPair(lab);
    lab.shutdown(client, 'SHUT_WR');
    const fw2 = await vi.waitFor(() => {
      const s = diag.lookup(clientEnd, serverEnd);
      expect(s?.state).toBe('FIN_WAIT_2');
      return s;
    }, settle);
    expect(fw2?.inode).toBe(socketInode(lab, client));
    expect(diag.lookup(serverEnd, clientEnd)).toMatchObject({
      state: 'CLOSE_WAIT',
      inode: socketInode(lab, server),
    });
  });

  it('close() on the client alone leaves an orphan in FIN_WAIT_2, found by its 4-tuple', async () => {
    const { client, clientEnd, serverEnd } = await connectedPair(lab);
    lab.close(client);
    const orphan = await vi.waitFor(() => {
      const s = diag.lookup(clientEnd, serverEnd);
      expect(s?.state).toBe('FIN_WAIT_2');
      return s;
    }, settle);
    // tcp_fin_timeout (60 s) is not above TCP_TIMEWAIT_LEN, so tcp_close() turns the
    // orphan into a timewait socket in substate FIN_WAIT2 (net/ipv4/tcp.c).
    expect(orphan).toMatchObject({ linuxState: 'FIN_WAIT2', inode: 0, timer: { kind: 'timewait' } });
    expect(diag.lookup(serverEnd, clientEnd)?.state).toBe('CLOSE_WAIT');
  });

  it('a client the full accept queue ignores stays SYN_SENT with the retransmission timer on', async () => {
    // listen(fd, 0) still queues one connection (sk_acceptq_is_full: queue > backlog).
    const l = listener(lab, 0);
    await connectTo(lab, l);
    const late = lab.socket().created as string;
    const pending = lab.connect(late, l).catch((err: unknown) => err);
    const lateEnd = lab.getsockname(late).address;
    if (!lateEnd) throw new Error('no local address after connect()');
    const s = diag.lookup(lateEnd, { family: 'inet', host: l.host, port: l.port });
    expect(s).toMatchObject({ state: 'SYN_SENT', timer: { kind: 'on' }, inode: socketInode(lab, late) });
    expect(s?.timer.expiresMs).toBeLessThanOrEqual(1000);
    lab.closeAll();
    await expect(pending).resolves.toMatchObject({ code: 'SOCKLAB_ERR_CANCELLED' });
  });

  it('lookup() matches the exact 4-tuple, never the listener the kernel falls back to', async () => {
    const l = listener(lab, 5);
    const { clientEnd, serverEnd } = await connectTo(lab, l);
    expect(diag.lookup(serverEnd, { ...clientEnd, port: clientEnd.port === 65535 ? 1024 : clientEnd.port + 1 })).toBe(
      null,
    );
    expect(diag.lookup(l.local, anyAddress('inet'))).toMatchObject({ state: 'LISTEN', sendQ: 5 });
  });

  it('works for IPv6 (::1) and byPort() without a family covers both', async () => {
    const { clientEnd, serverEnd } = await connectedPair(lab, 'inet6');
    expect(diag.lookup(serverEnd, clientEnd)).toMatchObject({
      family: 'inet6',
      state: 'ESTABLISHED',
      local: { family: 'inet6', host: '::1', port: serverEnd.port },
    });
    expect(ours(lab, diag.byPort(serverEnd.port, 'inet'))).toEqual([]);
    expect(ours(lab, diag.byPort(serverEnd.port)).map((s) => s.state)).toEqual(
      expect.arrayContaining(['LISTEN', 'ESTABLISHED', 'ESTABLISHED']),
    );
  });

  it('byPort() returns exactly the sockets on that port, in the kernel', async () => {
    const a = await connectedPair(lab);
    const b = await connectedPair(lab);
    const onA = ours(lab, diag.byPort(a.serverEnd.port, 'inet'));
    expect(onA).toHaveLength(3);
    expect(onA.every((s) => s.local.port === a.serverEnd.port || s.remote?.port === a.serverEnd.port)).toBe(true);
    expect(ours(lab, diag.byPort(b.clientEnd.port, 'inet'))).toHaveLength(2);
    expect(diag.all('inet').length).toBeGreaterThanOrEqual(6);
  });

  it('byInode() finds the socket behind an fd', async () => {
    const { client, clientEnd } = await connectedPair(lab);
    expect(diag.byInode(socketInode(lab, client))?.local).toEqual(clientEnd);
  });

  it('answers at once: a read never waits for the 1 s receive timeout', async () => {
    const { clientEnd, serverEnd } = await connectedPair(lab);
    const start = performance.now();
    for (let i = 0; i < 50; i++) diag.lookup(clientEnd, serverEnd);
    ours(lab, diag.byPort(serverEnd.port));
    expect(performance.now() - start).toBeLessThan(500);
  });

  it('throws at once for misuse, naming the value', () => {
    const v4 = { family: 'inet' as const, host: '127.0.0.1', port: 1 };
    expect(() => ours(lab, diag.byPort(70_000))).toThrow('70000');
    expect(() => diag.lookup(v4, { family: 'inet6', host: '::1', port: 1 })).toThrow('inet and inet6');
    expect(() => diag.lookup({ ...v4, host: 'localhost' }, v4)).toThrow('localhost');
    diag.close();
    expect(() => ours(lab, diag.byPort(1))).toThrow('closed');
  });
});
