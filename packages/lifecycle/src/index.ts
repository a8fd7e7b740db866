export { type ApiSnapshot, apiNext, apiStart, apiStateAfter, apiValue } from './apiSnapshot.ts';
export { ApiState, apiStates, isApiState } from './apiState.ts';
export { type ClientContext, clientMachine } from './clientMachine.ts';
export { type ConnectionContext, connectionMachine } from './connectionMachine.ts';
export {
  type ApiEvent,
  isApiEvent,
  type SocketAcceptedEvent,
  type SyscallBlockEvent,
  type SyscallExitEvent,
} from './events.ts';
export { type ListenerContext, listenerMachine } from './listenerMachine.ts';
export { machineForRole, Role, type RoleMachine } from './roles.ts';
export {
  isTcpTransition,
  type TcpContext,
  type TcpEvent,
  TcpEventType,
  type TcpPathOptions,
  type TcpTransition,
  tcpMachine,
  tcpPath,
  tcpTransitions,
  transitionKey,
} from './tcpMachine.ts';
