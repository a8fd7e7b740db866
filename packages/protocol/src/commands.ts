import * as v from 'valibot';
import { Count, Id, Port } from './base.ts';
import { families, protocolLimits, shutdownHows, socketOptions } from './vocabulary.ts';

const Host = v.pipe(v.string(), v.maxLength(64));
const Size = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(protocolLimits.maxCallBytes));

/** Parameters of a lesson run. */
export const LessonParamsSchema = v.object({
  port: v.optional(Port),
  /** The `load` lesson's clients (each holds two sockets at once); other lessons ignore it. */
  clients: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(protocolLimits.maxLoadClients))),
});
export type LessonParams = v.InferOutput<typeof LessonParamsSchema>;

/** One call the playground may make; `socket` is a socket id from an earlier `socket.state`. */
export const PlaygroundCallSchema = v.variant('syscall', [
  v.object({
    syscall: v.literal('socket'),
    family: v.optional(v.picklist(families)),
    nonblocking: v.optional(v.boolean()),
  }),
  v.object({
    syscall: v.literal('setsockopt'),
    socket: Id,
    option: v.picklist(socketOptions),
    value: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600)),
  }),
  v.object({ syscall: v.literal('bind'), socket: Id, host: Host, port: Port }),
  v.object({
    syscall: v.literal('listen'),
    socket: Id,
    backlog: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(4096)),
  }),
  v.object({ syscall: v.literal('accept'), socket: Id }),
  v.object({ syscall: v.literal('connect'), socket: Id, host: Host, port: Port }),
  v.object({ syscall: v.literal('read'), socket: Id, size: Size }),
  v.object({
    syscall: v.literal('write'),
    socket: Id,
    text: v.pipe(v.string(), v.maxLength(protocolLimits.maxCallBytes)),
    nul: v.optional(v.boolean()),
  }),
  v.object({ syscall: v.literal('shutdown'), socket: Id, how: v.picklist(shutdownHows) }),
  v.object({ syscall: v.literal('close'), socket: Id }),
  v.object({ syscall: v.literal('getsockname'), socket: Id }),
  v.object({ syscall: v.literal('getpeername'), socket: Id }),
  v.object({ syscall: v.literal('fcntl'), socket: Id }),
  v.object({ syscall: v.literal('getsockopt'), socket: Id, option: v.literal('SO_ERROR') }),
]);
export type PlaygroundCall = v.InferOutput<typeof PlaygroundCallSchema>;

/** A marker's note: 1 to 500 characters, not only blanks; shown as text, never as HTML (SECURITY.md #9). */
export const MarkerNoteSchema = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(protocolLimits.maxNoteChars),
  v.check((note) => note.trim() !== '', 'a note must not be only blanks'),
);

/** Where a note belongs when it is not the run's current moment: a step that already ran. */
export const MarkerAtSchema = v.object({ step: Count });

/** Every message a browser (or any client) may send. Unknown keys are dropped. */
export const CommandSchema = v.variant('type', [
  v.object({ type: v.literal('lesson.load'), lesson: Id, params: v.optional(LessonParamsSchema) }),
  v.object({ type: v.literal('lesson.step') }),
  v.object({ type: v.literal('lesson.reset') }),
  /** Starts the playground: this session's sockets are closed, a free lab begins. */
  v.object({ type: v.literal('playground.start') }),
  /** One call by one actor (an actor is a program: `server`, `client`, `client2`…). */
  v.object({ type: v.literal('playground.call'), actor: Id, call: PlaygroundCallSchema }),
  /**
   * A note: the server logs a `marker` event (and so records it). Without `at`,
   * at the current moment of the run; with `at`, at the end of a lesson step of
   * the current run that already ran (0-based, as `lesson.step`'s `index`).
   */
  v.object({ type: v.literal('marker.add'), note: MarkerNoteSchema, at: v.optional(MarkerAtSchema) }),
]);
export type Command = v.InferOutput<typeof CommandSchema>;
export type CommandType = Command['type'];
