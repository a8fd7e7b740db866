import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedReactor } from '@socklab/kernel';
import { findLesson, type Lesson, lessons, loadLesson } from '@socklab/lessons';
import { ErrorCode, parseRecording, recordingHeader, SocklabError, type SocklabEvent } from '@socklab/protocol';
import { compareRuns } from '@socklab/web/compare';
import serverPackage from '../package.json' with { type: 'json' };
import { ClassAddressError, classAddress } from './class/classAddress.ts';
import { classBanner } from './class/classBanner.ts';
import type { ClassMode } from './class/classMode.ts';
import type { ClassLimits } from './class/classroom.ts';
import { recordingCommands } from './cli/recordingCommands.ts';
import { runLoadLesson } from './cli/runLoad.ts';
import { EventLog } from './eventLog.ts';
import { startServer } from './httpServer.ts';
import { capabilities, LabNetwork } from './lab/network.ts';
import { LessonRunner } from './lessonRunner.ts';
import { isLimitFlag, type LimitFlagName, type LimitOptions, limitOptions, limitUsage } from './limitFlags.ts';
import { fdLimit } from './limits.ts';
import { streamLogger } from './logger.ts';
import { Recorder, Recordings } from './recordings.ts';
import { TextFormatter } from './textFormat.ts';

const usageHead = `socklab — step through the TCP socket API on the real kernel

usage:
  socklab [serve] [--port N] [--allow-privileged-port] [--recordings DIR | --no-record] [--max-… N]
                                      serve the app on 127.0.0.1 (default port 7077; 0 = any);
                                      a port below 1024 only with --allow-privileged-port;
                                      every lesson run is recorded in DIR (default
                                      $XDG_DATA_HOME/socklab/recordings, else ~/.local/share/…)
          [--class ADDRESS [--max-viewers N] [--class-labs [--max-labs N]]]
                                      class mode: students watch read-only from ADDRESS
                                      (this machine's LAN address, never a default), at the
                                      join URL printed (anyone on that network with it can
                                      watch); at most N viewers (default 200); --class-labs
                                      also lets each student open a lab of their own, in a
                                      network namespace of its own (needs root), at most N
                                      labs (default 40)
  socklab run <lesson> [--format text|ndjson] [--port N] [--record FILE] [--compare FILE]
                                      run a lesson headless and print every event;
                                      --record writes the run as a recording (NDJSON);
                                      --compare says, step by step, where this kernel's
                                      answers differ from a recording of the lesson (exit 1)
  socklab export <recording> [--pcap FILE] [--svg FILE] [--lang en|ko] [--force]
                                      the recording's packets as a capture file (pcapng when FILE
                                      ends in .pcapng, else pcap) and its session figure (SVG)
  socklab replay <recording> [--port N]
                                      replay a recording in the browser, from 127.0.0.1, no lab
  socklab export-site <dir> [recordings…] [--recordings DIR]
                                      a static site that replays recordings anywhere (default:
                                      every recording in DIR, else serve's recordings folder)
  socklab lessons                     list the lessons
  socklab --help                      this text

exit codes: 0 ok; 1 the run failed (the kernel's outcome differed from the lesson's,
socklab refused a step, or the server could not listen); 2 bad command line
`;

// The usage, with the limit flags' defaults and bounds at this process's fd limit.
const usage = () => `${usageHead}
${limitUsage(fdLimit())}`;

const webRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Where the CLI writes; the process's streams unless a test captures them. */
export type CliOutput = { stdout: { write(text: string): unknown }; stderr: { write(text: string): unknown } };

/** A command line socklab cannot run: one line, and the usage when the line was not understood at all. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

const flags = {
  port: { takesValue: true, commands: ['serve', 'run', 'replay'] },
  format: { takesValue: true, commands: ['run'] },
  'allow-privileged-port': { takesValue: false, commands: ['serve'] },
  recordings: { takesValue: true, commands: ['serve', 'export-site'] },
  'no-record': { takesValue: false, commands: ['serve'] },
  class: { takesValue: true, commands: ['serve'] },
  'max-viewers': { takesValue: true, commands: ['serve'] },
  'class-labs': { takesValue: false, commands: ['serve'] },
  'max-labs': { takesValue: true, commands: ['serve'] },
  record: { takesValue: true, commands: ['run'] },
  compare: { takesValue: true, commands: ['run'] },
  pcap: { takesValue: true, commands: ['export'] },
  svg: { takesValue: true, commands: ['export'] },
  lang: { takesValue: true, commands: ['export'] },
  force: { takesValue: false, commands: ['export'] },
  help: { takesValue: false, commands: ['serve', 'run', 'lessons', 'export', 'replay', 'export-site'] },
} as const;
// The limit flags (limitFlags.ts) are serve's too, each with a value.
type Flag = keyof typeof flags | LimitFlagName;
type Parsed = { positionals: string[]; values: Partial<Record<Flag, string | true>> };

const isFlag = (name: string): name is Flag => Object.hasOwn(flags, name) || isLimitFlag(name);
const spec = (name: Flag): { takesValue: boolean; commands: readonly string[] } =>
  isLimitFlag(name) ? { takesValue: true, commands: ['serve'] } : flags[name];

/**
 * Runs the CLI; resolves with the exit code (0 ok, 1 the run failed, 2 a bad
 * command line). A bad command line is one line on stderr, never a stack trace.
 *
 * @example
 * process.exitCode = await main(['run', 'hello', '--port', '0']);
 */
export async function main(argv: string[], out: CliOutput = process): Promise<number> {
  try {
    return await command(parse(argv), out);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    out.stderr.write(`socklab: ${err.message}\n${err.showUsage ? `\n${usage()}` : ''}`);
    return 2;
  }
}

async function command({ positionals, values }: Parsed, out: CliOutput): Promise<number> {
  if (values.help) {
    out.stdout.write(usage());
    return 0;
  }
  const [name = 'serve', ...rest] = positionals;
  const recordingCommand = Object.hasOwn(recordingCommands, name) ? recordingCommands[name] : undefined;
  if (name !== 'serve' && name !== 'run' && name !== 'lessons' && recordingCommand === undefined) {
    throw new UsageError(`unknown command ${JSON.stringify(name)}`, true);
  }
  for (const flag of Object.keys(values) as Flag[]) {
    if (!spec(flag).commands.includes(name)) {
      throw new UsageError(`--${flag} does not apply to ${name}`, true);
    }
  }
  const port = values.port === undefined ? undefined : portOf(String(values.port));
  if (recordingCommand)
    return recordingCommand(rest, { ...values, port }, { webRoot, recordingsDir: recordingsOf(values) }, out);
  const extra = name === 'run' ? rest.slice(1) : rest;
  if (extra.length > 0) throw new UsageError(`${name}: unexpected argument ${JSON.stringify(extra[0])}`, true);
  switch (name) {
    case 'serve':
      if (port !== undefined && port > 0 && port < 1024 && !values['allow-privileged-port']) {
        throw new UsageError(
          `--port: ${port} is a privileged port (below 1024); pass --allow-privileged-port if you really mean to serve on it`,
        );
      }
      if (values.recordings !== undefined && values['no-record']) {
        throw new UsageError('--recordings and --no-record: choose one');
      }
      return serve(
        port,
        values['allow-privileged-port'] === true,
        recordingsOf(values),
        limitsOf(values),
        classOf(values),
        out,
      );
    case 'run': {
      const format = values.format ?? 'text';
      if (format !== 'text' && format !== 'ndjson') {
        throw new UsageError(`--format: must be text or ndjson, not ${JSON.stringify(format)}`);
      }
      if (rest[0] === loadLesson.id) {
        if (values.record !== undefined || values.compare !== undefined) {
          throw new UsageError('--record and --compare do not apply to the load lesson (it has no steps to compare)');
        }
        return runLoadLesson(format, port, out);
      }
      const lesson = rest[0] === undefined ? undefined : findLesson(rest[0]);
      if (!lesson) {
        throw new UsageError(
          `${rest[0] === undefined ? 'run needs a lesson' : `no lesson ${JSON.stringify(rest[0])}`}; try one of: ${[...lessons.map((l) => l.id), loadLesson.id].join(', ')}`,
        );
      }
      if (values.record === '') throw new UsageError('--record needs a file name');
      const compareWith = values.compare === undefined ? undefined : recordingOf(String(values.compare), lesson);
      const record = values.record === undefined ? undefined : String(values.record);
      return run(lesson, format, port, record, compareWith, out);
    }
    case 'lessons':
      for (const lesson of [...lessons, loadLesson]) {
        out.stdout.write(`${lesson.id.padEnd(14)} ${lesson.title.en} — ${lesson.title.ko}\n`);
      }
      return 0;
    default:
      throw new UsageError(`unknown command ${JSON.stringify(name)}`, true);
  }
}

// GNU-style options: `--name value`, `--name=value`, `-h`, and `--` before positionals that start with a dash.
function parse(argv: string[]): Parsed {
  const parsed: Parsed = { positionals: [], values: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      parsed.values.help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq < 0 ? undefined : eq) : '';
    if (!isFlag(name)) throw new UsageError(`unknown option ${JSON.stringify(eq < 0 ? arg : arg.slice(0, eq))}`, true);
    if (parsed.values[name] !== undefined) throw new UsageError(`--${name} given twice`);
    if (!spec(name).takesValue) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      parsed.values[name] = true;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    parsed.values[name] = value;
  }
  return parsed;
}

// A recording to compare a run with: it must load, and be of this lesson.
function recordingOf(file: string, lesson: Lesson): SocklabEvent[] {
  let recording: ReturnType<typeof parseRecording>;
  try {
    recording = parseRecording(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--compare: ${file}: ${(err as Error).message}`);
  }
  if (recording.header.lesson !== lesson.id) {
    throw new UsageError(
      `--compare: ${file} is a recording of ${JSON.stringify(recording.header.lesson ?? '(no lesson)')}, not ${lesson.id}`,
    );
  }
  return recording.events;
}

function portOf(text: string): number {
  const port = /^(0|[1-9]\d{0,4})$/.test(text) ? Number(text) : Number.NaN;
  if (!(port <= 65535)) throw new UsageError(`--port: not a port number: ${JSON.stringify(text)} (0–65535)`);
  return port;
}

/** The limits `serve` was given (`--max-…`), checked against this process's fd limit. */
function limitsOf(values: Parsed['values']): LimitOptions {
  const given = Object.fromEntries(
    Object.entries(values)
      .filter(([name]) => isLimitFlag(name))
      .map(([name, value]) => [name, String(value)]),
  );
  try {
    return limitOptions(given, fdLimit());
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Class mode as asked for: `--class` checked here (exit 2 on a wrong address); `--max-viewers` and `--class-labs` only with it. */
function classOf(values: Parsed['values']): ClassMode | undefined {
  if (values.class === undefined) {
    for (const flag of ['max-viewers', 'class-labs', 'max-labs'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} applies only with --class`);
    }
    return undefined;
  }
  let address: string;
  try {
    address = classAddress(String(values.class));
  } catch (err) {
    if (err instanceof ClassAddressError) throw new UsageError(err.message);
    throw err;
  }
  const limits: Partial<ClassLimits> = {};
  if (values['max-viewers'] !== undefined) limits.maxViewers = countOf('--max-viewers', values['max-viewers']);
  if (values['max-labs'] !== undefined) {
    if (!values['class-labs']) throw new UsageError('--max-labs applies only with --class-labs');
    limits.maxLabs = countOf('--max-labs', values['max-labs']);
  }
  if (values['class-labs']) {
    // SECURITY.md "Student labs": a lab is only ever run in a namespace of its own; without one there are none.
    const isolation = capabilities().isolation;
    if (!isolation.available) {
      throw new UsageError(`--class-labs: each student lab needs a network namespace of its own: ${isolation.reason}`);
    }
  }
  return {
    address,
    ...(Object.keys(limits).length ? { limits } : {}),
    ...(values['class-labs'] ? { labs: true } : {}),
  };
}

function countOf(flag: string, value: unknown): number {
  const text = String(value);
  const count = /^[1-9]\d{0,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(count <= 100_000)) throw new UsageError(`${flag}: not a count: ${JSON.stringify(text)} (1–100000)`);
  return count;
}

/** Where `serve` records lesson runs: --recordings, else the user's data folder; null with --no-record. */
function recordingsOf(values: Parsed['values']): string | null {
  if (values['no-record']) return null;
  if (typeof values.recordings === 'string') return values.recordings;
  const data = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(data, 'socklab', 'recordings');
}

async function serve(
  requested: number | undefined,
  allowPrivilegedPort: boolean,
  recordingsDir: string | null,
  limits: LimitOptions,
  classMode: ClassMode | undefined,
  out: CliOutput,
): Promise<number> {
  const logger = streamLogger(out.stderr);
  let recordings: Recordings | undefined;
  const { maxRecordingBytes, ...serverLimits } = limits;
  if (recordingsDir !== null) {
    try {
      recordings = new Recordings(
        recordingsDir,
        maxRecordingBytes === undefined ? {} : { maxBytes: maxRecordingBytes },
      );
    } catch (err) {
      logger.warn(`cannot keep recordings in ${recordingsDir} (${(err as Error).message}); nothing is recorded`);
    }
  }
  const options = {
    webRoot,
    logger,
    allowPrivilegedPort,
    ...serverLimits,
    ...(recordings ? { recordings } : {}),
    ...(classMode ? { class: classMode } : {}),
  };
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ ...options, port: requested ?? 7077 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE' && requested === undefined) {
      logger.warn('port 7077 is in use; letting the kernel choose a free one');
      server = await startServer({ ...options, port: 0 });
    } else {
      out.stderr.write(`socklab: cannot listen: ${(err as Error).message}\n`);
      return 1;
    }
  }
  out.stdout.write(`socklab: ${server.url}\n`);
  out.stdout.write('Open that URL in your browser (the token changes on every launch). Ctrl-C stops.\n');
  if (recordings) out.stdout.write(`Lesson runs are recorded in ${recordings.dir}\n`);
  if (server.class) out.stdout.write(classBanner(server.class));
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await sharedReactor().close();
  return 0;
}

async function run(
  lesson: Lesson,
  format: 'text' | 'ndjson',
  port: number | undefined,
  recordTo: string | undefined,
  compareWith: SocklabEvent[] | undefined,
  out: CliOutput,
): Promise<number> {
  const text = new TextFormatter();
  const log = new EventLog();
  let recorder: Recorder | undefined;
  if (recordTo !== undefined) {
    try {
      recorder = Recorder.create(recordTo, recordingHeader(lesson.id, { socklab: serverPackage.version }));
    } catch (err) {
      out.stderr.write(`socklab: --record: ${(err as Error).message}\n`);
      return 2;
    }
  }
  if (recorder) log.subscribe((event) => recorder.write(event));
  const failures: string[] = [];
  const name = (index: number) => {
    const step = lesson.steps[index];
    return `step ${index + 1} (${step?.actor} ${step?.call.syscall}())`;
  };
  let runner: LessonRunner | undefined;
  log.subscribe((event: SocklabEvent) => {
    if (event.type === 'lesson.check' && !event.ok) {
      failures.push(`${name(event.index)}: expected ${event.expected}; the kernel said ${event.actual}`);
    }
    // A lesson socklab stopped did not go as expected, whatever lesson.end counts: the refusal is said once, below.
    if (format === 'text' && event.type === 'lesson.end' && runner?.stopped !== undefined) return;
    const line = format === 'ndjson' ? JSON.stringify(event) : text.format(event);
    if (line !== null) out.stdout.write(`${line}\n`);
  });
  const network = LabNetwork.open();
  const found = capabilities();
  if (!found.capture.available && format === 'text') out.stderr.write(`socklab: no packets: ${found.capture.reason}\n`);
  const sharedReason = network.isolation.kind === 'shared' ? network.isolation.reason : undefined;
  runner = new LessonRunner(network.lab, lesson, { port }, (body) => log.append(body), {
    ...network.watchers(),
    ...(sharedReason === undefined ? {} : { sharedReason }),
  });
  let code = 0;
  // The step being run: LessonRunner.step() throws with `next` already past it, or null once it stopped.
  let current: number | null = null;
  try {
    runner.start();
    while (runner.next !== null) {
      current = runner.next;
      await runner.step();
    }
  } catch (err) {
    const message = err instanceof SocklabError ? `${err.code}: ${err.message}` : String(err);
    const where = current === null ? 'before the first step' : name(current);
    const what =
      err instanceof SocklabError && err.code === ErrorCode.addressRefused
        ? 'refused by socklab before it reached the kernel'
        : 'stopped';
    out.stderr.write(`socklab run ${lesson.id}: ${where} ${what}: ${message}\n`);
    code = 1;
  } finally {
    runner.dispose();
    network.close();
    recorder?.close();
    await sharedReactor().close();
  }
  if (recorder && format === 'text')
    out.stderr.write(`socklab: recorded ${recorder.events} events in ${recorder.path}\n`);
  if (!runner.finished && code === 0) {
    out.stderr.write(
      `socklab run ${lesson.id}: ended with ${runner
        .blocked()
        .map((b) => `${b.actor} blocked in ${b.syscall}()`)
        .join(', ')}\n`,
    );
    code = 1;
  }
  if (compareWith) {
    const differences = compareRuns(compareWith, [...log.events()]);
    if (differences.length > 0) {
      const lines = differences.map((d) => `${name(d.step)}: ${d.what}: recorded ${d.recorded}, this kernel ${d.live}`);
      out.stderr.write(`socklab run ${lesson.id}: this kernel differs from the recording:\n  ${lines.join('\n  ')}\n`);
      code = 1;
    } else if (format === 'text') {
      out.stderr.write(`socklab run ${lesson.id}: every step as in the recording\n`);
    }
  }
  if (failures.length > 0) {
    out.stderr.write(
      `socklab run ${lesson.id}: the kernel's outcome differed from the lesson:\n  ${failures.join('\n  ')}\n`,
    );
    code = 1;
  }
  return code;
}

/** Runs the CLI as a process: exit code, and a reader that stops early (`| head`) is not an error. */
export function runAsProcess(argv: string[]): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  main(argv).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`socklab: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) runAsProcess(process.argv.slice(2));
