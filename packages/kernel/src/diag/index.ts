export { type DiagSocket, type DiagTimer, linuxTcpStateNames, type TimerKind } from './diagSocket.ts';
export { SocketTable, type TableSource } from './observer.ts';
export { byPortProc, lookupProc, parseProcNetTcp, readProcNetTcp } from './procNetTcp.ts';
export { SockDiag } from './sockDiag.ts';
