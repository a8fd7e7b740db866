export { type Address, AddressSchema, type Errno, ErrnoSchema, PROTOCOL_VERSION } from './base.ts';
export { ClassClose, type ClassMember, type ClassRefusal } from './classApi.ts';
export { isValidEvent, type Parsed, parseCommand, parseEvent } from './codec.ts';
export {
  type Command,
  CommandSchema,
  type CommandType,
  type LessonParams,
  LessonParamsSchema,
  MarkerAtSchema,
  MarkerNoteSchema,
  type PlaygroundCall,
  PlaygroundCallSchema,
} from './commands.ts';
export { ErrorCode, SocklabError } from './errors.ts';
export {
  type CallArgs,
  type CallArgsOf,
  CallArgsSchema,
  type EventBody,
  type EventOf,
  EventSchema,
  type EventType,
  type KernelRow,
  type Network,
  NetworkSchema,
  type SocklabEvent,
} from './events.ts';
export { compileFastCheck, type FastCheck } from './fastCheck.ts';
export {
  applyTableChanges,
  compareKernelRows,
  kernelRowKey,
  sameKernelRow,
  type TableChanges,
  type TableEvent,
  TableFold,
  tableChanges,
  wholeTables,
} from './kernelRows.ts';
export {
  type LoadPhase,
  type LoadResult,
  LoadResultSchema,
  LoadSampleSchema,
  LoadTallySchema,
  loadPhases,
  type StateCounts,
  StateCountsSchema,
} from './loadEvents.ts';
export {
  parseRecording,
  RECORDING_VERSION,
  type Recording,
  type RecordingEnd,
  RecordingEndSchema,
  type RecordingHeader,
  RecordingHeaderSchema,
  recordingEnd,
  recordingHeader,
  recordingLimits,
} from './recording.ts';
export { formatAddress, showCall, showReturn } from './showCall.ts';
export { bytesToText } from './text.ts';
export {
  type Family,
  families,
  flagLabel,
  flagSet,
  protocolLimits,
  type Role,
  type RowSource,
  roles,
  rowSources,
  type ShutdownHow,
  type SocketOption,
  SyscallName,
  shutdownHows,
  socketOptions,
  sortFlags,
  type TcpFlag,
  TcpState,
  tcpFlags,
  tcpStates,
} from './vocabulary.ts';
