import { bpf, packetLinux } from './constants.ts';

/** One classic BPF instruction, `struct sock_filter` (linux/filter.h). */
export type BpfInstruction = { code: number; jt: number; jf: number; k: number };

/** More ports than this and the filter keeps all TCP; `drain()` still filters by port. */
export const maxFilterPorts = 256;

// The kernel copies only what the filter returns, up to the frame's length.
const keep = 0x40000;

const op = (code: number, k: number, jt = 0, jf = 0): BpfInstruction => ({ code, jt, jf, k });
const ret = (k: number) => op(bpf.RET_K, k);

// A: compare with each port; on a match return `keep`, else fall through.
// Every jump is short, so the program works for any number of ports.
function matchPorts(ports: readonly number[]): BpfInstruction[] {
  return ports.flatMap((port) => [op(bpf.JEQ_K, port, 0, 1), ret(keep)]);
}

/**
 * A classic BPF program for an AF_PACKET socket on an Ethernet-framed
 * interface: it keeps incoming TCP segments over IPv4 or IPv6 whose source or
 * destination port is in `ports` (all TCP when `ports` is null) and drops the
 * rest, including the PACKET_OUTGOING copy that `lo` shows of every frame.
 * IPv6 segments behind extension headers are dropped (Linux TCP does not use
 * them on `lo`).
 *
 * @example
 * tcpPortFilter([4000]).length // 32 instructions
 * tcpPortFilter(null)          // keeps every incoming TCP segment
 */
export function tcpPortFilter(ports: readonly number[] | null): BpfInstruction[] {
  const all = [ret(keep)];
  const src = ports === null ? all : matchPorts(ports);
  const dst = ports === null ? all : matchPorts(ports);
  // IPv4 (RFC 791): protocol at 9, flags+fragment offset at 6; the TCP header
  // starts after IHL*4 bytes, which `ldxb 4*([14]&0xf)` loads into X.
  const ipv4 = [
    op(bpf.LD_B_ABS, packetLinux.ethHeaderSize + 9),
    op(bpf.JEQ_K, packetLinux.IPPROTO_TCP, 1, 0),
    ret(0),
    op(bpf.LD_H_ABS, packetLinux.ethHeaderSize + 6),
    op(bpf.JSET_K, 0x1fff, 0, 1),
    ret(0),
    op(bpf.LDX_B_MSH, packetLinux.ethHeaderSize),
    op(bpf.LD_H_IND, packetLinux.ethHeaderSize),
    ...src,
    op(bpf.LD_H_IND, packetLinux.ethHeaderSize + 2),
    ...dst,
    ret(0),
  ];
  // IPv6 (RFC 8200): next header at 6, TCP right after the 40-byte header.
  const tcp6 = packetLinux.ethHeaderSize + packetLinux.ipv6HeaderSize;
  const ipv6 = [
    op(bpf.JEQ_K, packetLinux.ETH_P_IPV6, 1, 0),
    ret(0),
    op(bpf.LD_B_ABS, packetLinux.ethHeaderSize + 6),
    op(bpf.JEQ_K, packetLinux.IPPROTO_TCP, 1, 0),
    ret(0),
    op(bpf.LD_H_ABS, tcp6),
    ...src,
    op(bpf.LD_H_ABS, tcp6 + 2),
    ...dst,
    ret(0),
  ];
  return [
    op(bpf.LD_W_ABS, bpf.AD_PKTTYPE),
    op(bpf.JEQ_K, packetLinux.PACKET_OUTGOING, 0, 1),
    ret(0),
    op(bpf.LD_H_ABS, 12),
    op(bpf.JEQ_K, packetLinux.ETH_P_IP, 1, 0),
    op(bpf.JA, ipv4.length),
    ...ipv4,
    ...ipv6,
  ];
}

/**
 * Lays out instructions as the kernel's `struct sock_filter` array.
 *
 * @example
 * encodeFilter(tcpPortFilter(null)).length // 224: 28 instructions of 8 bytes
 */
export function encodeFilter(program: readonly BpfInstruction[]): Buffer {
  const buf = Buffer.alloc(program.length * packetLinux.sockFilterSize);
  program.forEach((ins, i) => {
    const at = i * packetLinux.sockFilterSize;
    buf.writeUInt16LE(ins.code, at);
    buf.writeUInt8(ins.jt, at + 2);
    buf.writeUInt8(ins.jf, at + 3);
    buf.writeUInt32LE(ins.k >>> 0, at + 4);
  });
  return buf;
}
