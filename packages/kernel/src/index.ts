export { checkLabAddress, defaultPorts, type PortPolicy } from './addressPolicy.ts';
export {
  type CapturedPacket,
  type CaptureStats,
  type CaptureUnavailable,
  captureNeedsCapNetRaw,
  type DecodedPacket,
  decodeFrame,
  type Endpoint,
  PacketCapture,
  payloadPreviewBytes,
  type RelativeNumbers,
  type SeqSegment,
  SeqTracker,
  type TcpFlag,
  type TcpOptions,
  tcpFlagNames,
} from './capture/index.ts';
export { linux, linuxTcpStates } from './constants.ts';
export {
  byPortProc,
  type DiagSocket,
  type DiagTimer,
  linuxTcpStateNames,
  lookupProc,
  parseProcNetTcp,
  readProcNetTcp,
  SockDiag,
  SocketTable,
  type TableSource,
  type TimerKind,
} from './diag/index.ts';
export { describeErrno, errnoCode } from './errno.ts';
export {
  type CallResult,
  Lab,
  type LabLimits,
  type LabSocket,
  type Observation,
  type OnBlock,
  type SocketOption,
} from './lab.ts';
export { Reactor, type Readiness, sharedReactor } from './reactor.ts';
export { decodeSockaddr, encodeSockaddr } from './sockaddr.ts';
export { TableObserver } from './tableObserver.ts';
export { decodeTcpInfo, type TcpInfo } from './tcpInfo.ts';
