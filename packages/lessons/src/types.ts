import type { TcpState } from '@socklab/protocol';

/**
 * The languages socklab speaks, in one place: adding one here makes every
 * lesson need a `text.<lang>.json` (the tests say which are missing).
 */
export const languages = ['ko', 'en'] as const;
/** A language socklab speaks. */
export type Lang = (typeof languages)[number];
/** Text in every one of socklab's languages. */
export type Text = Record<Lang, string>;

/**
 * A value resolved when the step runs: `'$port'` is the lesson's port (after a
 * bind to port 0, the port the kernel chose).
 */
export type PortRef = number | '$port';

/**
 * Bytes to write: literal text (UTF-8), raw bytes in hex (`'ec9588'`), or
 * `sprintf` over a buffer an earlier `read` filled (with its real bytes).
 * `nul` adds the terminating NUL, as `strlen(s) + 1` does.
 */
export type WriteData =
  | { text: string; nul?: boolean }
  | { hex: string }
  | { sprintf: '%d : %s'; from: string; nul?: boolean };

/** One socket call a step makes; `socket` and `as` name C variables of the actor's program. */
export type StepCall =
  | { syscall: 'socket'; as: string; role: 'listener' | 'client'; family?: 'inet' | 'inet6'; nonblocking?: boolean }
  | {
      syscall: 'setsockopt';
      socket: string;
      /** SO_LINGER's value is l_linger with l_onoff = 1. */
      option: 'SO_REUSEADDR' | 'SO_LINGER' | 'SO_KEEPALIVE' | 'TCP_NODELAY';
      value: number;
    }
  | { syscall: 'bind'; socket: string; host: string; port: PortRef }
  | { syscall: 'listen'; socket: string; backlog: number }
  | { syscall: 'accept'; socket: string; as: string }
  | { syscall: 'connect'; socket: string; host: string; port: PortRef }
  | { syscall: 'read'; socket: string; size: number; into: string; print?: string }
  | { syscall: 'write'; socket: string; data: WriteData }
  | { syscall: 'shutdown'; socket: string; how: 'SHUT_RD' | 'SHUT_WR' | 'SHUT_RDWR' }
  | { syscall: 'close'; socket: string }
  /**
   * With `sets: '$port'` the port it returns becomes the lesson's `$port` for
   * later steps (the program prints it; the client is started with it), as a
   * bind() to port 0 does.
   */
  | { syscall: 'getsockname'; socket: string; sets?: '$port' }
  | { syscall: 'getpeername'; socket: string }
  /** `fcntl(fd, F_SETFL, flags | O_NONBLOCK)`: later calls return EAGAIN/EINPROGRESS instead of waiting. */
  | { syscall: 'fcntl'; socket: string }
  /** `getsockopt(fd, SOL_SOCKET, SO_ERROR)`: the result of a non-blocking connect. */
  | { syscall: 'getsockopt'; socket: string; option: 'SO_ERROR' };

/**
 * What the real kernel is expected to answer. Used by tests and by
 * `socklab run` to flag a difference; never shown as a result.
 */
export type Expectation = {
  /** A number, `'fd'` (any non-negative descriptor) or `'bytes'` (the byte count of the write/read). */
  ret?: number | 'fd';
  errno?: string | null;
  /** Whether the call is expected to block first (accept before a client, read before data). */
  blocks?: boolean;
  /** The kernel's TCP state of the step's socket right after the call. */
  tcp?: TcpState;
  /** For `read`: the text received (NUL shown as `\0`). */
  text?: string;
  /** For `getsockopt(SO_ERROR)`: the pending error's name, or null for none. */
  soError?: string | null;
  /** For `getsockname`/`getpeername`: whether the port is one the kernel chose (ephemeral, ≥ 1024). */
  ephemeralPort?: boolean;
  /** The lesson's listener's accept queue right after the call (TCP_INFO). */
  acceptQueue?: number;
  /** For a call that blocks: what the kernel reports at the moment it blocks (checked when it returns). */
  whileBlocked?: BlockedExpectation;
  /**
   * Segments the call put on the wire, in this order (others may come between),
   * as flag sets like `SYN`, `SYN,ACK`, `FIN,ACK`. For a call that blocks, every
   * segment of its connection from the call until it returns, whoever sent it
   * (what it waited for: a retransmitted SYN, the peer's reply). Checked only
   * with packet capture.
   */
  packets?: readonly string[];
  /**
   * Rows the kernel's socket table holds right after the call: a state, whether
   * a descriptor holds it, and which end it is (`server`: its local port is the
   * lesson's port). Checked only with sock_diag or /proc.
   */
  table?: readonly TableRowExpectation[];
};

/** The state of a blocked call's socket and of the lesson's listener when the call blocks. */
export type BlockedExpectation = {
  /** The kernel's TCP state of the step's socket (a connect waiting in `SYN_SENT`). */
  tcp?: TcpState;
  /** The lesson's listener's accept queue. */
  acceptQueue?: number;
};

/** One row the kernel's socket table is expected to hold. */
export type TableRowExpectation = { state: TcpState; fd: boolean; side: 'server' | 'client' };

/** One step: one actor makes one real call. */
export type Step = {
  actor: string;
  call: StepCall;
  /** The 1-based line of the actor's source that this call executes. */
  line: number;
  /**
   * The C variable that line stores the call's return value in (`str_len = read(...)`),
   * so the code panel shows it with the kernel's real value; absent where the line keeps
   * no return value (`if (-1 == bind(...))`).
   */
  assigns?: string;
  narration: Text;
  expect: Expectation;
  /**
   * What the actor's program itself prints when this call returns -1 and the
   * program checks it, and whether it then exits (copied from its C source, so it is derived
   * from the source, never written by hand). `%m` stands for
   * `strerror(errno)`, as in glibc's printf: `perror("connect")` prints
   * `connect: %m\n`.
   */
  onError?: FailureOutput;
  /**
   * The actor may still be blocked in an earlier call that only the kernel's
   * timers will finish (a SYN retransmitted after 1 s): the step first waits,
   * for real, until that call returns. Without it a step of a blocked actor is
   * refused.
   */
  wait?: boolean;
  /**
   * The step depends on the kernel's timers: it first waits, for real and
   * bounded, until the lesson's listener holds this many connections in its
   * accept queue (a client's retransmitted SYN took the place an accept()
   * freed), so its outcome never depends on how fast the user clicks.
   */
  waitUntil?: { acceptQueue: number };
};

/** What a C program prints when a call fails and it gives up (`exit(1)`). */
export type FailureOutput = { stream: 'stdout' | 'stderr'; text: string; exits: boolean };

/**
 * The C program one actor runs, read from its real `.c` file. Where it writes
 * the port, it writes the lesson's default port literally (`htons(4000)`).
 */
export type Program = {
  actor: string;
  /** The file's name, as it is in the lesson's folder: `hello_server.c`. */
  file: string;
  /** The shell command that starts it; `{port}` is filled with the real port: `./hello_client 127.0.0.1 {port}`. */
  command: string;
  /** The whole file. */
  source: string;
  /** The file's lines (the last newline dropped); a step's `line` counts from 1 here. */
  lines: readonly string[];
};

/** A correction made to the seed's code so that it compiles and runs, kept for the seed-pitfalls lesson. */
export type Correction = { seed: string; corrected: string; why: Text };

/** A lesson: programs, steps and what to notice. */
export type Lesson = {
  id: string;
  chapter: Text;
  title: Text;
  summary: Text;
  /** The port the server binds by default (the seed's 4000). */
  port: number;
  programs: readonly Program[];
  steps: readonly Step[];
  corrections: readonly Correction[];
};
