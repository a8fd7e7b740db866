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
