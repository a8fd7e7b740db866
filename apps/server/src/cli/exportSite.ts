import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { isFreshDir, type SiteRecording, writeSite } from '../exportSite.ts';
import { isRecordingName, recordingName } from '../recordings.ts';
import { CliFailure, failing, type Out, readRecording } from './failure.ts';

// Two files with one sanitised name get -2, -3…
function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = base.replace(/\.ndjson$/, `-${n}.ndjson`);
  taken.add(name);
  return name;
}

/**
 * `socklab export-site <dir> [recordings…]`: a static folder that replays the
 * recordings on any static host (default: every recording in the server's
 * recordings folder). Every recording is validated before anything is written.
 */
export function exportSiteCommand(
  args: readonly string[],
  options: { webRoot: string; recordingsDir: string | null },
  out: Out,
): Promise<number> {
  return failing(out, () => {
    const [dir, ...given] = args;
    if (dir === undefined || dir === '') throw new CliFailure('export-site needs a folder to write');
    if (!isFreshDir(dir))
      throw new CliFailure(`export-site: ${dir} exists and is not an empty folder; choose a new one`);
    let files = given;
    if (files.length === 0) {
      const folder = options.recordingsDir;
      const names = folder !== null && existsSync(folder) ? readdirSync(folder).filter(isRecordingName).sort() : [];
      if (folder === null || names.length === 0) {
        throw new CliFailure(`export-site: no recordings in ${folder ?? '(none)'}; name the recordings to publish`);
      }
      files = names.map((name) => join(folder, name));
    }
    const taken = new Set<string>();
    const site: SiteRecording[] = files.map((file) => ({
      ...readRecording(file),
      name: uniqueName(recordingName(basename(file)), taken),
    }));
    if (!existsSync(join(options.webRoot, 'index.html'))) {
      throw new CliFailure(`the web app is not built (${options.webRoot}): run npm run build`, 1);
    }
    let index: ReturnType<typeof writeSite>;
    try {
      index = writeSite(dir, options.webRoot, site);
    } catch (err) {
      throw new CliFailure(`export-site: cannot write ${dir}: ${(err as Error).message}`, 1);
    }
    out.stdout.write(`socklab: wrote the replay site to ${resolve(dir)}\n`);
    out.stdout.write('  the web app (index.html, assets/)\n');
    for (const entry of index) {
      out.stdout.write(`  recordings/${entry.name}  ${entry.lesson ?? 'playground'}, ${entry.events} events\n`);
    }
    out.stdout.write('  recordings/index.json\n');
    out.stdout.write(
      `Serve it with any static host, e.g.: python3 -m http.server --bind 127.0.0.1 --directory ${dir} 8000\n`,
    );
    return 0;
  });
}
