import { exportCommand } from './export.ts';
import { exportSiteCommand } from './exportSite.ts';
import type { Out } from './failure.ts';
import { replayCommand } from './replay.ts';

/** The flags a recording command may get, parsed by the CLI (`port` already a number). */
export type RecordingFlags = {
  port?: number | undefined;
  pcap?: string | true;
  svg?: string | true;
  lang?: string | true;
  force?: string | true;
};

/** What the CLI knows that a recording command needs: the built web app, the default recordings folder. */
export type CliContext = { webRoot: string; recordingsDir: string | null };

type RecordingCommand = (
  args: readonly string[],
  flags: RecordingFlags,
  context: CliContext,
  out: Out,
) => Promise<number>;

const text = (value: string | true | undefined) => (value === undefined ? undefined : String(value));

/** `socklab export`, `replay` and `export-site`: the commands that read recordings, by name. */
export const recordingCommands: Readonly<Record<string, RecordingCommand>> = {
  export: (args, flags, _context, out) =>
    exportCommand(
      args,
      {
        ...(flags.pcap === undefined ? {} : { pcap: text(flags.pcap) as string }),
        ...(flags.svg === undefined ? {} : { svg: text(flags.svg) as string }),
        ...(flags.lang === undefined ? {} : { lang: text(flags.lang) as string }),
        force: flags.force === true,
      },
      out,
    ),
  replay: (args, flags, context, out) =>
    replayCommand(args, { webRoot: context.webRoot, ...(flags.port === undefined ? {} : { port: flags.port }) }, out),
  'export-site': (args, _flags, context, out) => exportSiteCommand(args, context, out),
};
