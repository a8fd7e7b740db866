import { describe, expect, it } from 'vitest';
import { bpf, packetLinux } from './constants.ts';
import { type BpfInstruction, encodeFilter, tcpPortFilter } from './filter.ts';

// Just enough of the classic BPF machine (net/core/filter.c) to run what
// tcpPortFilter emits; a load past the end of the frame drops it, as there.
function run(program: readonly BpfInstruction[], frame: Buffer, pkttype: number): number {
  let a = 0;
  let x = 0;
  for (let pc = 0; pc < program.length; pc++) {
    const ins = program[pc];
    if (!ins) throw new Error(`fell off the program at ${pc}`);
    const load = (at: number, size: 1 | 2 | 4): number | null =>
      at + size > frame.length
        ? null
        : size === 1
          ? frame[at]!
          : size === 2
            ? frame.readUInt16BE(at)
            : frame.readUInt32BE(at);
    let loaded: number | null = 0;
    switch (ins.code) {
      case bpf.LD_W_ABS:
        loaded = ins.k === bpf.AD_PKTTYPE ? pkttype : load(ins.k, 4);
        break;
      case bpf.LD_H_ABS:
        loaded = load(ins.k, 2);
        break;
      case bpf.LD_B_ABS:
        loaded = load(ins.k, 1);
        break;
      case bpf.LD_H_IND:
        loaded = load(x + ins.k, 2);
        break;
      case bpf.LDX_B_MSH: {
        const b = load(ins.k, 1);
        if (b === null) return 0;
        x = (b & 0xf) * 4;
        continue;
      }
      case bpf.JA:
        pc += ins.k;
        continue;
      case bpf.JEQ_K:
        pc += a === ins.k ? ins.jt : ins.jf;
        continue;
      case bpf.JSET_K:
        pc += (a & ins.k) !== 0 ? ins.jt : ins.jf;
        continue;
      case bpf.RET_K:
        return ins.k;
      default:
        throw new Error(`opcode ${ins.code} not emulated`);
    }
    if (loaded === null) return 0;
    a = loaded;
  }
  throw new Error('no return');
}

function tcp4(src: number, dst: number, { ihl = 5, protocol = 6, fragment = 0 } = {}): Buffer {
  const frame = Buffer.alloc(14 + ihl * 4 + 20);
  frame.writeUInt16BE(packetLinux.ETH_P_IP, 12);
  frame[14] = 0x40 | ihl;
  frame.writeUInt16BE(fragment, 14 + 6);
  frame[14 + 9] = protocol;
  frame.writeUInt16BE(src, 14 + ihl * 4);
  frame.writeUInt16BE(dst, 14 + ihl * 4 + 2);
  return frame;
}

function tcp6(src: number, dst: number, next = 6): Buffer {
  const frame = Buffer.alloc(14 + 40 + 20);
  frame.writeUInt16BE(packetLinux.ETH_P_IPV6, 12);
  frame[14] = 0x60;
  frame[14 + 6] = next;
  frame.writeUInt16BE(src, 54);
  frame.writeUInt16BE(dst, 56);
  return frame;
}

const HOST = packetLinux.PACKET_HOST;
const OUT = packetLinux.PACKET_OUTGOING;

describe('tcpPortFilter', () => {
  const program = tcpPortFilter([4000, 42340]);

  it('keeps incoming TCP to or from a watched port, over IPv4 and IPv6', () => {
    expect(run(program, tcp4(42340, 9), HOST)).toBeGreaterThan(0);
    expect(run(program, tcp4(9, 4000), HOST)).toBeGreaterThan(0);
    expect(run(program, tcp4(9, 4000, { ihl: 6 }), HOST)).toBeGreaterThan(0);
    expect(run(program, tcp6(4000, 9), HOST)).toBeGreaterThan(0);
    expect(run(program, tcp6(9, 42340), HOST)).toBeGreaterThan(0);
  });

  it('drops the outgoing copy, other ports, other protocols and non-first fragments', () => {
    expect(run(program, tcp4(42340, 4000), OUT)).toBe(0);
    expect(run(program, tcp6(42340, 4000), OUT)).toBe(0);
    expect(run(program, tcp4(5000, 5001), HOST)).toBe(0);
    expect(run(program, tcp6(5000, 5001), HOST)).toBe(0);
    expect(run(program, tcp4(4000, 4000, { protocol: 17 }), HOST)).toBe(0);
    expect(run(program, tcp6(4000, 4000, 17), HOST)).toBe(0);
    expect(run(program, tcp4(4000, 4000, { fragment: 0x0010 }), HOST)).toBe(0);
    const arp = Buffer.alloc(42);
    arp.writeUInt16BE(0x0806, 12);
    expect(run(program, arp, HOST)).toBe(0);
    expect(run(program, Buffer.alloc(10), HOST)).toBe(0);
  });

  it('keeps nothing while no port is watched, and all TCP when ports is null', () => {
    expect(run(tcpPortFilter([]), tcp4(4000, 4000), HOST)).toBe(0);
    expect(run(tcpPortFilter(null), tcp4(5000, 5001), HOST)).toBeGreaterThan(0);
    expect(run(tcpPortFilter(null), tcp6(5000, 5001), HOST)).toBeGreaterThan(0);
    expect(run(tcpPortFilter(null), tcp4(5000, 5001), OUT)).toBe(0);
  });

  it('stays within the kernel limit of 4096 instructions with short jumps only', () => {
    const ports = Array.from({ length: 256 }, (_, i) => 10_000 + i);
    const big = tcpPortFilter(ports);
    expect(big.length).toBeLessThanOrEqual(4096);
    expect(run(big, tcp4(9, 10_255), HOST)).toBeGreaterThan(0);
    expect(big.every((ins) => ins.jt <= 255 && ins.jf <= 255)).toBe(true);
  });

  it('encodes struct sock_filter: u16 code, u8 jt, u8 jf, u32 k, little-endian', () => {
    const bytes = encodeFilter([{ code: bpf.JEQ_K, jt: 1, jf: 2, k: bpf.AD_PKTTYPE }]);
    expect(bytes.toString('hex')).toBe('15000102' + '04f0ffff');
  });
});
