import { protocolLimits, type TcpFlag, tcpFlags } from '@socklab/protocol';
import { linux } from '../libc/constants.ts';
import { decodeSockaddr } from '../libc/sockaddr.ts';
import { packetLinux } from './constants.ts';

/** One end of a TCP segment as it appears in the IP and TCP headers. */
export type Endpoint = { host: string; port: number };

/** The TCP options of one segment (RFC 9293 §3.2, RFC 7323, RFC 2018); absent ones are null, false or 0. */
export type TcpOptions = {
  /** Maximum segment size (kind 2). */
  mss: number | null;
  /** Window scale shift count (kind 3). */
  windowScale: number | null;
  /** SACK permitted (kind 4). */
  sackPermitted: boolean;
  /** How many SACK blocks the segment carries (kind 5). */
  sackBlocks: number;
  /** Timestamps (kind 8): TSval and TSecr. */
  timestamps: { value: number; echo: number } | null;
  /** Kinds this decoder does not know (or a known kind with an impossible length), by number, in order. */
  unknown: number[];
};

/** What one captured frame says about a TCP segment. */
export type DecodedPacket = {
  family: 'inet' | 'inet6';
  src: Endpoint;
  dst: Endpoint;
  /** The flags set, in socklab's one flag order (`tcpFlags` of @socklab/protocol). */
  flags: TcpFlag[];
  /** Sequence number as sent (uint32). */
  seqNo: number;
  /** Acknowledgment number as sent (uint32); meaningful only with ACK. */
  ackNo: number;
  /** Window as sent, before any window scaling. */
  window: number;
  /** TCP header length in 32-bit words, as on the wire (5–15). */
  dataOffset: number;
  options: TcpOptions;
  /** Payload bytes the segment carries. */
  length: number;
  /** A copy of at most the first `payloadPreviewBytes` payload bytes. */
  payload: Uint8Array;
  /**
   * A copy of the IP datagram as captured (no link header), up to the end of
   * the payload preview and at most `protocolLimits.frameBytes`: the
   * kernel's own header bytes (checksums, IP id, TTL, options).
   */
  datagram: Uint8Array;
  /** The whole datagram's length (IPv4 total length; IPv6 payload length + 40). */
  datagramLength: number;
};

/** How many payload bytes `decodeFrame` copies into `payload`. */
export const payloadPreviewBytes = protocolLimits.payloadPreviewBytes;

// Bit values of the TCP header's flags byte (RFC 9293 §3.1, RFC 3168 §6.1).
const flagBits: Record<TcpFlag, number> = {
  SYN: 0x02,
  ACK: 0x10,
  PSH: 0x08,
  FIN: 0x01,
  RST: 0x04,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
};

/** `ip` is where the IP header starts in the frame; `start`/`end` bound the TCP segment. */
type Segment = { family: 'inet' | 'inet6'; src: string; dst: string; ip: number; start: number; end: number };

/**
 * Decodes one link-layer frame into the TCP segment it carries: Ethernet
 * (what AF_PACKET shows on `lo`: zero MACs), then IPv4 or IPv6, then TCP.
 * Returns null for anything else, for a frame shorter than its headers say,
 * or for garbage; it never throws.
 *
 * @example
 * const p = decodeFrame(frame, 'ethernet');
 * p?.flags;   // ['SYN']
 * p?.options; // { mss: 65495, windowScale: 7, sackPermitted: true, sackBlocks: 0, timestamps: {…}, unknown: [] }
 */
export function decodeFrame(frame: Uint8Array, linkType: 'ethernet'): DecodedPacket | null {
  if (linkType !== 'ethernet' || !(frame instanceof Uint8Array)) return null;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const eth = packetLinux.ethHeaderSize;
  if (frame.length < eth) return null;
  const etherType = view.getUint16(12);
  const segment =
    etherType === packetLinux.ETH_P_IP
      ? ipv4(frame, view, eth)
      : etherType === packetLinux.ETH_P_IPV6
        ? ipv6(frame, view, eth)
        : null;
  return segment ? tcp(frame, view, segment) : null;
}

function ipv4(frame: Uint8Array, view: DataView, at: number): Segment | null {
  if (frame.length < at + 20) return null;
  const first = view.getUint8(at);
  const headerLength = (first & 0x0f) * 4;
  const totalLength = view.getUint16(at + 2);
  if (first >> 4 !== 4 || headerLength < 20 || totalLength < headerLength) return null;
  if (frame.length < at + totalLength) return null;
  // A fragment cannot be decoded on its own (RFC 791: MF flag, fragment offset).
  if ((view.getUint16(at + 6) & 0x3fff) !== 0) return null;
  if (view.getUint8(at + 9) !== packetLinux.IPPROTO_TCP) return null;
  return {
    family: 'inet',
    ip: at,
    src: frame.subarray(at + 12, at + 16).join('.'),
    dst: frame.subarray(at + 16, at + 20).join('.'),
    start: at + headerLength,
    // Bytes past the IP total length are link-layer padding.
    end: at + totalLength,
  };
}

function ipv6(frame: Uint8Array, view: DataView, at: number): Segment | null {
  const fixed = packetLinux.ipv6HeaderSize;
  if (frame.length < at + fixed || view.getUint8(at) >> 4 !== 6) return null;
  const end = at + fixed + view.getUint16(at + 4);
  if (frame.length < end) return null;
  let next = view.getUint8(at + 6);
  let start = at + fixed;
  // RFC 8200 §4: skip the extension headers Linux may put before TCP.
  for (let hops = 0; next !== packetLinux.IPPROTO_TCP; hops++) {
    if (hops > 8 || start + 8 > end) return null;
    if (next === packetLinux.IPPROTO_FRAGMENT) {
      if ((view.getUint16(start + 2) & 0xfff9) !== 0) return null;
      next = view.getUint8(start);
      start += 8;
    } else if (
      next === packetLinux.IPPROTO_HOPOPTS ||
      next === packetLinux.IPPROTO_ROUTING ||
      next === packetLinux.IPPROTO_DSTOPTS
    ) {
      next = view.getUint8(start);
      start += (view.getUint8(start + 1) + 1) * 8;
    } else {
      return null;
    }
  }
  return { family: 'inet6', ip: at, src: ipv6Host(frame, at + 8), dst: ipv6Host(frame, at + 24), start, end };
}

// Formats through decodeSockaddr so a captured host is the same string the
// driver reports from getsockname()/getpeername() (RFC 5952 form).
function ipv6Host(frame: Uint8Array, at: number): string {
  const sa = Buffer.alloc(linux.sockaddrIn6Size);
  sa.writeUInt16LE(linux.AF_INET6, 0);
  sa.set(frame.subarray(at, at + 16), 8);
  return decodeSockaddr(sa, sa.length)?.host ?? '';
}

function tcp(frame: Uint8Array, view: DataView, seg: Segment): DecodedPacket | null {
  const { start, end } = seg;
  if (end - start < 20) return null;
  const dataOffset = view.getUint8(start + 12) >> 4;
  const headerLength = dataOffset * 4;
  if (headerLength < 20 || start + headerLength > end) return null;
  const bits = view.getUint8(start + 13);
  const length = end - start - headerLength;
  const payload = new Uint8Array(Math.min(length, payloadPreviewBytes));
  payload.set(frame.subarray(start + headerLength, start + headerLength + payload.length));
  // What `tcpdump -s` keeps: every header byte, then the previewed payload.
  const cut = Math.min(start + headerLength + payload.length, seg.ip + protocolLimits.frameBytes);
  // A copy: the capture reads every frame into one reused Buffer (whose slice() would share it).
  const datagram = new Uint8Array(cut - seg.ip);
  datagram.set(frame.subarray(seg.ip, cut));
  return {
    family: seg.family,
    src: { host: seg.src, port: view.getUint16(start) },
    dst: { host: seg.dst, port: view.getUint16(start + 2) },
    flags: tcpFlags.filter((name) => (bits & flagBits[name]) !== 0),
    seqNo: view.getUint32(start + 4),
    ackNo: view.getUint32(start + 8),
    window: view.getUint16(start + 14),
    dataOffset,
    options: tcpOptions(view, start + 20, start + headerLength),
    length,
    payload,
    datagram,
    datagramLength: end - seg.ip,
  };
}

function tcpOptions(view: DataView, from: number, to: number): TcpOptions {
  const options: TcpOptions = {
    mss: null,
    windowScale: null,
    sackPermitted: false,
    sackBlocks: 0,
    timestamps: null,
    unknown: [],
  };
  let at = from;
  while (at < to) {
    const kind = view.getUint8(at);
    // RFC 9293 §3.2: End of Option List, and No-Operation, are one byte.
    if (kind === 0) break;
    if (kind === 1) {
      at++;
      continue;
    }
    if (at + 2 > to) break;
    const len = view.getUint8(at + 1);
    // A length that cannot be right leaves the rest of the options unreadable.
    if (len < 2 || at + len > to) break;
    if (kind === 2 && len === 4) options.mss = view.getUint16(at + 2);
    else if (kind === 3 && len === 3) options.windowScale = view.getUint8(at + 2);
    else if (kind === 4 && len === 2) options.sackPermitted = true;
    else if (kind === 5 && (len - 2) % 8 === 0) options.sackBlocks = (len - 2) / 8;
    else if (kind === 8 && len === 10) {
      options.timestamps = { value: view.getUint32(at + 2), echo: view.getUint32(at + 6) };
    } else options.unknown.push(kind);
    at += len;
  }
  return options;
}
