/** Where the server reports what happened; injected, never `console` directly. */
export type Logger = {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
};

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** A logger that writes one line per message to a stream (the CLI passes stderr). */
export function streamLogger(stream: { write(chunk: string): unknown }, level: 'info' | 'warn' = 'info'): Logger {
  const line = (tag: string, message: string) => stream.write(`socklab ${tag}: ${message}\n`);
  return {
    info: (m) => (level === 'info' ? line('info', m) : undefined),
    warn: (m) => line('warn', m),
    error: (m) => line('error', m),
  };
}

/** The longest part of an outside value (a header) that goes into a log line. */
export const maxShown = 100;

/**
 * An outside value as it may appear in a log line: JSON-escaped (no control
 * characters, no line breaks) and cut to `max` characters, saying how long it was.
 *
 * @example
 * shown('x'.repeat(4096)) // '"xxx…xxx"… (4096 chars)'
 */
export function shown(value: string | undefined, max = maxShown): string {
  if (value === undefined) return '(none)';
  if (value.length <= max) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, max))}… (${value.length} chars)`;
}

/** Time for a throttle: injectable so that tests need no sleeping. */
export type Clock = {
  now(): number;
  /** Runs `fn` once after `ms`; the returned function cancels it. Must not keep the process alive. */
  after(ms: number, fn: () => void): () => void;
};

/** The real clock. */
export const systemClock: Clock = {
  now: () => performance.now(),
  after: (ms, fn) => {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** One kind of message, written at most `limit` times per interval. */
export type Throttled = {
  (message: string): void;
  /** Writes the summary of what was held back, now (on close). */
  flush(): void;
};

/**
 * Throttles one kind of message: at most `limit` lines per `intervalMs`, then
 * a single summary line `… M more <what> in the last 10 s` when the interval
 * ends, so a flood of refusals costs a bounded number of bytes of log.
 *
 * @example
 * const refused = throttled((m) => logger.warn(m), 'refused upgrades');
 * refused(`refused WebSocket upgrade: ${reason}`);
 */
export function throttled(
  write: (message: string) => void,
  what: string,
  options: { limit?: number; intervalMs?: number; clock?: Clock } = {},
): Throttled {
  const limit = options.limit ?? 10;
  const intervalMs = options.intervalMs ?? 10_000;
  const clock = options.clock ?? systemClock;
  let start = Number.NEGATIVE_INFINITY;
  let written = 0;
  let held = 0;
  let cancel: (() => void) | undefined;
  const flush = () => {
    cancel?.();
    cancel = undefined;
    if (held > 0) write(`… ${held} more ${what} in the last ${intervalMs / 1000} s`);
    held = 0;
    written = 0;
    start = Number.NEGATIVE_INFINITY;
  };
  const log = (message: string) => {
    const now = clock.now();
    if (now - start >= intervalMs) {
      flush();
      start = now;
    }
    if (written < limit) {
      written++;
      write(message);
      return;
    }
    held++;
    cancel ??= clock.after(start + intervalMs - now, flush);
  };
  return Object.assign(log, { flush });
}

/** A logger whose every level is throttled, and whose throttles can be flushed (on close). */
export type ThrottledLogger = Logger & { flush(): void };

/**
 * Wraps `logger` so that each level writes at most `limit` lines per
 * interval (then one count, as `throttled` does): what the server's sessions
 * share, so that no client, however many messages or sessions it sends, can
 * make the log grow faster than a few lines a second. Messages built from
 * outside values must still be cut with `shown`.
 *
 * @example
 * const sessionLog = throttledLogger(logger, 'session');
 * sessionLog.warn(`session s1: bad message ${shown(text)}`);
 * sessionLog.flush(); // on close: the counts of what was held back
 */
export function throttledLogger(
  logger: Logger,
  what: string,
  options: { limit?: number; intervalMs?: number; clock?: Clock } = {},
): ThrottledLogger {
  const info = throttled((m) => logger.info(m), `${what} messages`, options);
  const warn = throttled((m) => logger.warn(m), `${what} warnings`, options);
  const error = throttled((m) => logger.error(m), `${what} errors`, options);
  return {
    info,
    warn,
    error,
    flush: () => {
      info.flush();
      warn.flush();
      error.flush();
    },
  };
}
