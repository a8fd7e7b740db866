import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sharedReactor } from '@socklab/kernel';
import { findLesson, lessons } from '@socklab/lessons';
import { SocklabError, type SocklabEvent } from '@socklab/protocol';
import { EventLog } from './eventLog.ts';
import { startServer } from './httpServer.ts';
import { capabilities, LabNetwork } from './lab/network.ts';
import { LessonRunner } from './lessonRunner.ts';
import { streamLogger } from './logger.ts';
import { TextFormatter } from './textFormat.ts';

const usage = `socklab — step through the TCP socket API on the real kernel

usage:
  socklab [serve] [--port N]          serve the app on 127.0.0.1 (default port 7077; 0 = any)
  socklab run <lesson> [--format text|ndjson] [--port N]
                                      run a lesson headless and print every event;
                                      exits 1 if the kernel's outcome differs from the lesson's
  socklab lessons                     list the lessons
`;

const webRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const [command = 'serve', ...rest] = positionals;
  switch (command) {
    case 'serve':
      return serve(values.port === undefined ? undefined : portOf(values.port));
    case 'run':
      return run(rest[0], values.format ?? 'text', values.port === undefined ? undefined : portOf(values.port));
    case 'lessons':
      for (const lesson of lessons) {
        process.stdout.write(`${lesson.id.padEnd(14)} ${lesson.title.en} — ${lesson.title.ko}\n`);
      }
      return 0;
    default:
      process.stderr.write(`unknown command ${JSON.stringify(command)}\n\n${usage}`);
      return 2;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function portOf(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port number: ${text}`);
  return port;
}

async function serve(requested: number | undefined): Promise<number> {
  const logger = streamLogger(process.stderr);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ port: requested ?? 7077, webRoot, logger });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE' && requested === undefined) {
      logger.warn('port 7077 is in use; letting the kernel choose a free one');
      server = await startServer({ port: 0, webRoot, logger });
    } else {
      process.stderr.write(`socklab: cannot listen: ${(err as Error).message}\n`);
      return 1;
    }
  }
  process.stdout.write(`socklab: ${server.url}\n`);
  process.stdout.write('Open that URL in your browser (the token changes on every launch). Ctrl-C stops.\n');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await sharedReactor().close();
  return 0;
}

async function run(id: string | undefined, format: string, port: number | undefined): Promise<number> {
  const lesson = id === undefined ? undefined : findLesson(id);
  if (!lesson) {
    process.stderr.write(`no lesson ${JSON.stringify(id ?? '')}; try one of: ${lessons.map((l) => l.id).join(', ')}\n`);
    return 2;
  }
  if (format !== 'text' && format !== 'ndjson') {
    process.stderr.write(`--format must be text or ndjson, not ${JSON.stringify(format)}\n`);
    return 2;
  }
  const text = new TextFormatter();
  const log = new EventLog();
  const failures: string[] = [];
  log.subscribe((event: SocklabEvent) => {
    if (event.type === 'lesson.check' && !event.ok) {
      const step = lesson.steps[event.index];
      failures.push(
        `step ${event.index + 1} (${step?.actor} ${step?.call.syscall}): expected ${event.expected}; the kernel said ${event.actual}`,
      );
    }
    const line = format === 'ndjson' ? JSON.stringify(event) : text.format(event);
    if (line !== null) process.stdout.write(`${line}\n`);
  });
  const network = LabNetwork.open();
  const found = capabilities();
  if (!found.capture.available && format === 'text')
    process.stderr.write(`socklab: no packets: ${found.capture.reason}\n`);
  const sharedReason = network.isolation.kind === 'shared' ? network.isolation.reason : undefined;
  const runner = new LessonRunner(network.lab, lesson, { port }, (body) => log.append(body), {
    ...network.watchers(),
    ...(sharedReason === undefined ? {} : { sharedReason }),
  });
  let code = 0;
  try {
    runner.start();
    while (runner.next !== null) await runner.step();
  } catch (err) {
    const message = err instanceof SocklabError ? `${err.code}: ${err.message}` : String(err);
    process.stderr.write(
      `socklab run ${lesson.id}: stopped at step ${runner.next ?? lesson.steps.length}: ${message}\n`,
    );
    code = 1;
  } finally {
    runner.dispose();
    network.close();
    await sharedReactor().close();
  }
  if (!runner.finished && code === 0) {
    process.stderr.write(
      `socklab run ${lesson.id}: ended with ${runner
        .blocked()
        .map((b) => `${b.actor} blocked in ${b.syscall}()`)
        .join(', ')}\n`,
    );
    code = 1;
  }
  if (failures.length > 0) {
    process.stderr.write(
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
