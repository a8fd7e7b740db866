import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { Lab } from '../lab.ts';
import { sharedReactor } from '../reactor.ts';
import { type CapturedPacket, type KernelFilter, PacketCapture } from './packetCapture.ts';

const opened = PacketCapture.open();
opened.capture?.close();
const unavailable = opened.capture ? null : opened.reason;
const live = unavailable === null ? it : it.skip;
const why = (name: string) => (unavailable === null ? name : `${name} (skipped: ${unavailable})`);

let lab: Lab | undefined;
let capture: PacketCapture | undefined;
afterEach(() => {
  lab?.closeAll();
  capture?.close();
  lab = undefined;
  capture = undefined;
});

function open(kernelFilter: KernelFilter = 'ports'): PacketCapture {
  const result = PacketCapture.open(kernelFilter);
  if (!result.capture) throw new Error(result.reason);
  capture = result.capture;
  return capture;
}

function listener(l: Lab, family: 'inet' | 'inet6' = 'inet') {
  const host = family === 'inet' ? '127.0.0.1' : '::1';
  const id = l.socket(family).created as string;
  expect(l.bind(id, { host, port: 0 }).ret).toBe(0);
  expect(l.listen(id, 5).ret).toBe(0);
  return { id, host, port: l.observe(id).local?.port as number };
}

// A capture watching a listener of a new lab, and a client connected to it.
async function connected() {
  const cap = open();
  lab = new Lab();
  const server = listener(lab);
  cap.addPort(server.port);
  const client = lab.socket('inet').created as string;
  expect((await lab.connect(client, server)).ret).toBe(0);
  return { cap, lab: lab as Lab, server, client };
}

const brief = (ps: CapturedPacket[], serverPort: number) =>
  ps.map((p) => ({
    dir: p.dst.port === serverPort ? 'c>s' : 's>c',
    flags: p.flags.join(','),
    relSeq: p.relSeq,
    relAck: p.relAck,
    length: p.length,
  }));

describe('PacketCapture on lo', () => {
  it('open() never throws, and explains what is missing when capture is off', () => {
    if (unavailable === null) expect(opened.capture).toBeInstanceOf(PacketCapture);
    else expect(unavailable).toMatch(/packet capture/);
  });

  live(why('shows the handshake, a write and a close once each, queued by the time each call returns'), async () => {
    const { cap, server, client, lab: l } = await connected();
    const handshake = cap.drain();
    const clientPort = l.observe(client).local?.port;
    expect(brief(handshake, server.port)).toEqual([
      { dir: 'c>s', flags: 'SYN', relSeq: 0, relAck: 0, length: 0 },
      { dir: 's>c', flags: 'SYN,ACK', relSeq: 0, relAck: 1, length: 0 },
      { dir: 'c>s', flags: 'ACK', relSeq: 1, relAck: 1, length: 0 },
    ]);
    const [syn, synAck] = handshake;
    expect(syn).toMatchObject({
      family: 'inet',
      src: { host: '127.0.0.1', port: clientPort },
      dst: { host: '127.0.0.1', port: server.port },
    });
    expect(syn?.options.mss).toBeGreaterThan(0);
    expect(synAck?.ackNo).toBe(((syn?.seqNo ?? 0) + 1) >>> 0);
    expect(handshake.every((p) => p.at > 0 && p.at <= performance.now())).toBe(true);

    const accepted = await l.accept(server.id);
    expect(cap.drain()).toEqual([]);

    const message = Buffer.from('Hello World!\0');
    expect((await l.write(client, message)).ret).toBe(13);
    const written = cap.drain();
    const pushes = written.filter((p) => p.flags.includes('PSH'));
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({ flags: ['PSH', 'ACK'], relSeq: 1, relAck: 1, length: 13 });
    expect(Buffer.from(pushes[0]?.payload ?? [])).toEqual(message);
    expect((await l.read(accepted.created as string, 100)).ret).toBe(13);

    expect(l.close(client).ret).toBe(0);
    const closed = cap.drain();
    expect(closed[0]).toMatchObject({ flags: ['FIN', 'ACK'], relSeq: 14, relAck: 1, length: 0 });
    expect(cap.stats().drops).toBe(0);
  });

  live(
    why('PCAP-1: keeps the datagram as the kernel sent it, cut after 64 payload bytes, with its whole length'),
    async () => {
      const { cap, client, lab: l } = await connected();
      cap.drain();
      expect((await l.write(client, Buffer.alloc(200, 0x61))).ret).toBe(200);
      const [data] = cap.drain().filter((p) => p.length > 0);
      expect(data?.length).toBe(200);
      const header = 20 + (data?.dataOffset ?? 0) * 4;
      // caplen < len, like tcpdump -s: the IP and TCP headers whole, then 64 of the 200 bytes.
      expect(data?.datagramLength).toBe(header + 200);
      expect(data?.datagram.length).toBe(header + 64);
      const ip = Buffer.from(data?.datagram ?? []);
      expect(ip.readUInt16BE(2)).toBe(header + 200);
      // The kernel's IPv4 header checksum (RFC 791): the one's complement sum of the header is 0xffff.
      let sum = 0;
      for (let i = 0; i < 20; i += 2) sum += ip.readUInt16BE(i);
      while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
      expect(sum).toBe(0xffff);
      expect(ip.subarray(header)).toEqual(Buffer.alloc(64, 0x61));
    },
  );

  live(why('close() with SO_LINGER 0 sends RST'), async () => {
    const cap = open();
    lab = new Lab();
    const server = listener(lab);
    cap.addPort(server.port);
    const client = lab.socket('inet').created as string;
    await lab.connect(client, server);
    await lab.accept(server.id);
    cap.drain();
    lab.setsockopt(client, 'SO_LINGER', 0);
    lab.close(client);
    expect(brief(cap.drain(), server.port)).toEqual([
      { dir: 'c>s', flags: 'RST,ACK', relSeq: 1, relAck: 1, length: 0 },
    ]);
  });

  live(why('connect() to a port with no listener shows SYN and the RST that refuses it'), async () => {
    const cap = open();
    lab = new Lab();
    const gone = listener(lab);
    lab.close(gone.id);
    cap.addPort(gone.port);
    const client = lab.socket('inet').created as string;
    expect((await lab.connect(client, gone)).errno?.name).toBe('ECONNREFUSED');
    expect(brief(cap.drain(), gone.port)).toEqual([
      { dir: 'c>s', flags: 'SYN', relSeq: 0, relAck: 0, length: 0 },
      { dir: 's>c', flags: 'RST,ACK', relSeq: 0, relAck: 1, length: 0 },
    ]);
  });

  live(why('captures IPv6 on ::1'), async () => {
    const cap = open();
    lab = new Lab();
    const server = listener(lab, 'inet6');
    cap.addPort(server.port);
    const client = lab.socket('inet6').created as string;
    await lab.connect(client, server);
    const ps = cap.drain();
    expect(ps.map((p) => p.flags.join(','))).toEqual(['SYN', 'SYN,ACK', 'ACK']);
    expect(ps[0]).toMatchObject({ family: 'inet6', dst: { host: '::1', port: server.port } });
  });

  live(why('keeps only watched ports, and the kernel filter queues nothing else'), async () => {
    const cap = open();
    lab = new Lab();
    const watched = listener(lab);
    const other = listener(lab);
    cap.watchPorts([watched.port]);
    const before = cap.stats().packets;
    await lab.connect(lab.socket('inet').created as string, other);
    const udp = createSocket('udp4');
    await new Promise<void>((resolve) => udp.send('x', watched.port, '127.0.0.1', () => resolve()));
    udp.close();
    expect(cap.drain()).toEqual([]);
    expect(cap.stats().packets).toBe(before);

    cap.removePort(watched.port);
    cap.addPort(other.port);
    expect(cap.ports).toEqual([other.port]);
    await lab.connect(lab.socket('inet').created as string, other);
    expect(cap.drain()).toHaveLength(3);
    expect(cap.stats().packets).toBe(before + 3);
  });

  live(
    why('with the kernel keeping all TCP (a namespace of its own), drain() still returns watched ports only'),
    async () => {
      const cap = open('tcp');
      lab = new Lab();
      const watched = listener(lab);
      const other = listener(lab);
      cap.addPort(watched.port);
      const before = cap.stats().packets;
      await lab.connect(lab.socket('inet').created as string, other);
      // The kernel queued the other port's handshake; the capture does not return it.
      expect(cap.drain()).toEqual([]);
      expect(cap.stats().packets).toBe(before + 3);
      cap.addPort(other.port);
      await lab.connect(lab.socket('inet').created as string, other);
      expect(brief(cap.drain(), other.port).map((p) => p.flags)).toEqual(['SYN', 'SYN,ACK', 'ACK']);
      cap.removePort(other.port);
      await lab.connect(lab.socket('inet').created as string, watched);
      expect(cap.drain().every((p) => p.src.port === watched.port || p.dst.port === watched.port)).toBe(true);
    },
  );

  live(why('fd becomes readable for the reactor when a segment arrives later'), async () => {
    const cap = open();
    lab = new Lab();
    const server = listener(lab);
    cap.addPort(server.port);
    const client = lab.socket('inet').created as string;
    await lab.connect(client, server);
    cap.drain();
    const readable = sharedReactor().wait(cap.fd, 'readable');
    await lab.write(client, Buffer.from('x'));
    await readable;
    expect(cap.drain().some((p) => p.length === 1)).toBe(true);
  });

  live(why('after close(), fd is -1 and drain() returns nothing'), () => {
    const cap = open();
    cap.close();
    expect(cap.fd).toBe(-1);
    expect(cap.drain()).toEqual([]);
    cap.close();
  });

  live(why('refuses a port that is not a TCP port'), () => {
    const cap = open();
    expect(() => cap.addPort(0)).toThrow(/not a TCP port.*0/);
    expect(() => cap.watchPorts([80, 70_000])).toThrow(/70000/);
    expect(() => cap.removePort(1.5)).toThrow(/1\.5/);
  });
});
