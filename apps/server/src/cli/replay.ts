import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { recordingName } from '../recordings.ts';
import { startReplayServer } from '../replayServer.ts';
import { CliFailure, failing, type Out, readRecording } from './failure.ts';

/** `socklab replay <file> [--port N]`: serves the web app and the recording on 127.0.0.1 until Ctrl-C. */
export function replayCommand(
  args: readonly string[],
  options: { port?: number; webRoot: string; until?: Promise<void> },
  out: Out,
): Promise<number> {
  return failing(out, async () => {
    const [file, extra] = args;
    if (file === undefined) throw new CliFailure('replay needs a recording file');
    if (extra !== undefined) throw new CliFailure(`replay: unexpected argument ${JSON.stringify(extra)}`);
    const { recording, text } = readRecording(file);
    if (!existsSync(join(options.webRoot, 'index.html'))) {
      throw new CliFailure(`the web app is not built (${options.webRoot}): run npm run build`, 1);
    }
    let server: Awaited<ReturnType<typeof startReplayServer>>;
    try {
      server = await startReplayServer({
        port: options.port ?? 0,
        webRoot: options.webRoot,
        recording: {
          name: recordingName(basename(file)),
          text,
          ...(recording.header.lesson === undefined ? {} : { lesson: recording.header.lesson }),
          createdAt: recording.header.createdAt,
          events: recording.events.length,
        },
      });
    } catch (err) {
      throw new CliFailure(`cannot listen: ${(err as Error).message}`, 1);
    }
    const note = recording.truncated ? ' (its torn last line was dropped)' : '';
    out.stdout.write(`replay: ${server.url}\n`);
    out.stdout.write(
      `${recording.events.length} events of ${recording.header.lesson ?? 'the playground'}${note}; no live lab. Ctrl-C stops.\n`,
    );
    await (options.until ??
      new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }));
    await server.close();
    return 0;
  });
}
