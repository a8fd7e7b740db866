import { readFileSync, statSync } from 'node:fs';
import { parseRecording, type Recording, recordingLimits } from '@socklab/protocol';

/**
 * Why a recording command cannot go on: one line for stderr, and the exit
 * code (2: the command line or its files are not usable; 1: the work failed).
 */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly code: 1 | 2 = 2,
  ) {
    super(message);
  }
}

/** Where a recording command writes; the process's streams unless a test captures them. */
export type Out = { stdout: { write(text: string): unknown }; stderr: { write(text: string): unknown } };

/** Runs a command, turning a `CliFailure` into its one line on stderr and its exit code. */
export async function failing(out: Out, run: () => Promise<number> | number): Promise<number> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof CliFailure)) throw err;
    out.stderr.write(`socklab: ${err.message}\n`);
    return err.code;
  }
}

/**
 * Reads and validates a recording file, whole (SECURITY.md #9): a file that
 * is missing, too big or not a valid recording is one clear `CliFailure`.
 *
 * @example
 * const { recording, text } = readRecording('handshake.ndjson');
 */
export function readRecording(file: string): { recording: Recording; text: string } {
  let text: string;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new CliFailure(`${file}: not a file`);
    if (stat.size > recordingLimits.maxBytes) {
      throw new CliFailure(`${file}: over ${recordingLimits.maxBytes} bytes: not a socklab recording`);
    }
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof CliFailure) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliFailure(`${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  try {
    return { recording: parseRecording(text), text };
  } catch (err) {
    throw new CliFailure(`${file}: ${(err as Error).message}`);
  }
}
