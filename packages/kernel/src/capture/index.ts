export {
  type DecodedPacket,
  decodeFrame,
  type Endpoint,
  payloadPreviewBytes,
  type TcpOptions,
} from './decode.ts';
export {
  type CapturedPacket,
  type CaptureStats,
  type CaptureUnavailable,
  captureNeedsCapNetRaw,
  type KernelFilter,
  PacketCapture,
  packetClosesPending,
} from './packetCapture.ts';
export { type RelativeNumbers, type SeqSegment, SeqTracker } from './relative.ts';
