export { checkLabAddress, defaultPorts, type PortPolicy } from './addressPolicy.ts';
export { linux, linuxTcpStates } from './constants.ts';
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
export { decodeTcpInfo, type TcpInfo } from './tcpInfo.ts';
