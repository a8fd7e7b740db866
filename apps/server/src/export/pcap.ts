import { protocolLimits } from '@socklab/protocol';
import type { CaptureFrame } from './frames.ts';

/** LINKTYPE_RAW: each frame starts with its IPv4 or IPv6 header (tcpdump.org/linktypes.html). */
export const linktypeRaw = 101;

/** The snapshot length every frame was cut at (the protocol's `frameBytes`). */
const snaplen = protocolLimits.frameBytes;

/**
 * A classic libpcap file (little-endian, microsecond timestamps, LINKTYPE_RAW):
 * a 24-byte header, then 16 bytes and the captured bytes per frame.
 *
 * @example
 * writeFileSync('handshake.pcap', classicPcap(captureFrames(recording)));
 */
export function classicPcap(frames: readonly CaptureFrame[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(snaplen, 16);
  header.writeUInt32LE(linktypeRaw, 20);
  const records = frames.map((frame) => {
    const record = Buffer.alloc(16);
    record.writeUInt32LE(Number(frame.micros / 1_000_000n), 0);
    record.writeUInt32LE(Number(frame.micros % 1_000_000n), 4);
    record.writeUInt32LE(frame.data.length, 8);
    record.writeUInt32LE(frame.length, 12);
    return Buffer.concat([record, frame.data]);
  });
  return Buffer.concat([header, ...records]);
}

/** What the pcapng section header says about where the capture came from. */
export type SectionInfo = {
  /** shb_os: the kernel the packets were captured on (`linux 6.1.0`). */
  os?: string;
  /** shb_userappl: the program that wrote the file. */
  application: string;
  /** opt_comment of the section: what the file holds. */
  comment?: string;
};

// pcapng (IETF draft-ietf-opsawg-pcapng): blocks and options are padded to 32 bits.
const pad4 = (n: number) => (4 - (n % 4)) % 4;

function option(code: number, value: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(code, 0);
  head.writeUInt16LE(value.length, 2);
  return Buffer.concat([head, value, Buffer.alloc(pad4(value.length))]);
}

const textOption = (code: number, text: string) => option(code, Buffer.from(text, 'utf8'));
const endOfOptions = Buffer.alloc(4);

function block(type: number, body: Buffer): Buffer {
  const total = 12 + body.length;
  const out = Buffer.alloc(total);
  out.writeUInt32LE(type, 0);
  out.writeUInt32LE(total, 4);
  body.copy(out, 8);
  out.writeUInt32LE(total, total - 4);
  return out;
}

function sectionHeader(info: SectionInfo): Buffer {
  const fixed = Buffer.alloc(16);
  fixed.writeUInt32LE(0x1a2b3c4d, 0);
  fixed.writeUInt16LE(1, 4);
  fixed.writeUInt16LE(0, 6);
  // Section length unknown: -1.
  fixed.writeBigInt64LE(-1n, 8);
  const options = [
    ...(info.comment ? [textOption(1, info.comment)] : []),
    ...(info.os ? [textOption(3, info.os)] : []),
    textOption(4, info.application),
    endOfOptions,
  ];
  return block(0x0a0d0d0a, Buffer.concat([fixed, ...options]));
}

function interfaceDescription(): Buffer {
  const fixed = Buffer.alloc(8);
  fixed.writeUInt16LE(linktypeRaw, 0);
  fixed.writeUInt32LE(snaplen, 4);
  // if_name "lo"; if_tsresol 6: microseconds.
  const options = [textOption(2, 'lo'), option(9, Buffer.from([6])), endOfOptions];
  return block(0x00000001, Buffer.concat([fixed, ...options]));
}

function enhancedPacket(frame: CaptureFrame): Buffer {
  const fixed = Buffer.alloc(20);
  fixed.writeUInt32LE(0, 0);
  fixed.writeUInt32LE(Number(frame.micros >> 32n), 4);
  fixed.writeUInt32LE(Number(frame.micros & 0xffffffffn), 8);
  fixed.writeUInt32LE(frame.data.length, 12);
  fixed.writeUInt32LE(frame.length, 16);
  const data = Buffer.concat([Buffer.from(frame.data), Buffer.alloc(pad4(frame.data.length))]);
  return block(0x00000006, Buffer.concat([fixed, data, textOption(1, frame.comment), endOfOptions]));
}

/**
 * A pcapng file: one section (its OS and application), one interface (`lo`,
 * LINKTYPE_RAW, microseconds), and one Enhanced Packet Block per frame with
 * an `opt_comment` naming the call that caused it.
 *
 * @example
 * writeFileSync('handshake.pcapng', pcapng(frames, { application: 'socklab 0.1.0' }));
 */
export function pcapng(frames: readonly CaptureFrame[], info: SectionInfo): Buffer {
  return Buffer.concat([sectionHeader(info), interfaceDescription(), ...frames.map(enhancedPacket)]);
}
