export { isValidEvent, type Parsed, parseCommand, parseEvent } from './codec.ts';
export { ErrorCode, SocklabError } from './errors.ts';
export {
  parseRecording,
  RECORDING_VERSION,
  type Recording,
  type RecordingHeader,
  RecordingHeaderSchema,
  recordingHeader,
  recordingLimits,
} from './recording.ts';
export {
  type Address,
  AddressSchema,
  type Command,
  CommandSchema,
  type CommandType,
  type Errno,
  ErrnoSchema,
  type EventBody,
  type EventOf,
  EventSchema,
  type EventType,
  type KernelRow,
  type LessonParams,
  type PlaygroundCall,
  PlaygroundCallSchema,
  PROTOCOL_VERSION,
  type SocklabEvent,
  tcpFlags,
} from './schemas.ts';
export { SyscallName, TcpState, tcpStates } from './tcp.ts';
export { bytesToText } from './text.ts';
