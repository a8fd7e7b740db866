/**
 * Stable error codes carried by `error` events and thrown by the driver for
 * misuse. Documented in this package's README; never renumber or reuse one.
 */
export const ErrorCode = {
  /** A message was not JSON or did not match any command schema. */
  badMessage: 'SOCKLAB_ERR_BAD_MESSAGE',
  /** The named lesson does not exist. */
  noLesson: 'SOCKLAB_ERR_NO_LESSON',
  /** A lesson command arrived but no lesson is loaded, or it has ended. */
  lessonState: 'SOCKLAB_ERR_LESSON_STATE',
  /** The actor that must make the next call is still blocked in an earlier one. */
  busy: 'SOCKLAB_ERR_BUSY',
  /** A per-session limit was reached (sockets, bytes per write, buffered bytes). */
  limit: 'SOCKLAB_ERR_LIMIT',
  /** An address or port outside the loopback-only policy (SECURITY.md #5). */
  addressRefused: 'SOCKLAB_ERR_ADDRESS_REFUSED',
  /** A socket id this session never created. */
  noSuchSocket: 'SOCKLAB_ERR_NO_SUCH_SOCKET',
  /** A call on a socket that was already closed; its number is never reused. */
  closedSocket: 'SOCKLAB_ERR_CLOSED_SOCKET',
  /** A blocked call was abandoned because its session or lesson ended. */
  cancelled: 'SOCKLAB_ERR_CANCELLED',
  /** A recording file that cannot be loaded. */
  recording: 'SOCKLAB_ERR_RECORDING',
  /** A feature this machine cannot offer. */
  unsupported: 'SOCKLAB_ERR_UNSUPPORTED',
  /** A command sent on a class viewer's connection: viewers follow the teacher's session and never command it. */
  viewer: 'SOCKLAB_ERR_VIEWER',
  /** A bug in socklab: reported, never a crash. */
  internal: 'SOCKLAB_ERR_INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * An error with a stable `SOCKLAB_ERR_*` code, thrown for misuse and turned
 * into an `error` event at the process boundary.
 *
 * @example
 * throw new SocklabError(ErrorCode.noSuchSocket, `no socket "${id}" in this session`);
 */
export class SocklabError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'SocklabError';
    this.code = code;
  }
}
