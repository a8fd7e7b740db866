export { checkLabAddress, defaultPorts, type PortPolicy } from './addressPolicy.ts';
export { defaultLimits } from './calls.ts';
export {
  type CapturedPacket,
  type CaptureStats,
  type CaptureUnavailable,
  captureNeedsCapNetRaw,
  type DecodedPacket,
  decodeFrame,
  type Endpoint,
  type KernelFilter,
  PacketCapture,
  packetClosesPending,
  payloadPreviewBytes,
  type RelativeNumbers,
  type SeqSegment,
  SeqTracker,
  type TcpOptions,
} from './capture/index.ts';
export {
  type CallOutcome,
  type CallResult,
  Lab,
  type LabCall,
  type LabLimits,
  type LabSocket,
  type OnBlock,
  type PreparedCall,
  type SocketBudget,
} from './lab.ts';
export { linux, linuxTcpStates } from './libc/constants.ts';
export { describeErrno, errnoCode } from './libc/errno.ts';
export { type HeldSockets, heldSockets } from './libc/heldSockets.ts';
export { decodeSockaddr, encodeSockaddr } from './libc/sockaddr.ts';
export {
  CallTally,
  callsPerClient,
  type LoadOptions,
  type LoadOutcome,
  type LoadSample,
  listenerCalls,
  PortSampler,
  runLoad,
  type TableSample,
} from './load/index.ts';
export { type NamespaceUnavailable, NetNamespace } from './netns.ts';
export { type DiagSocket, type DiagTimer, linuxTcpStateNames, type TimerKind } from './observe/diagSocket.ts';
export {
  closedObservation,
  type Observation,
  observeFd,
  type SegmentCounts,
  segmentCounts,
  socketAddress,
} from './observe/observation.ts';
export { type SocketOwner, socketOwner } from './observe/owner.ts';
export { byPortProc, lookupProc, parseProcNetTcp, readProcNetTcp } from './observe/procNetTcp.ts';
export { SockDiag } from './observe/sockDiag.ts';
export { SocketTable, type TableSource } from './observe/socketTable.ts';
export { TableObserver } from './observe/tableObserver.ts';
export { decodeTcpInfo, type TcpInfo } from './observe/tcpInfo.ts';
export { Reactor, type Readiness, sharedReactor } from './reactor.ts';
