import { closeSync, openSync, writeSync } from 'node:fs';
import { findLesson } from '@socklab/lessons';
import type { Recording } from '@socklab/protocol';
import { sessionFigure } from '@socklab/web/figure';
import serverPackage from '../../package.json' with { type: 'json' };
import { captureFrames } from '../export/frames.ts';
import { classicPcap, pcapng } from '../export/pcap.ts';
import { CliFailure, failing, type Out, readRecording } from './failure.ts';

/** The options `socklab export` takes. */
export type ExportOptions = { pcap?: string; svg?: string; lang?: string; force?: boolean };

// Never over an existing file unless --force: `wx` fails with EEXIST.
function writeNew(file: string, bytes: Buffer, force: boolean, flag: string): void {
  let fd: number;
  try {
    fd = openSync(file, force ? 'w' : 'wx', 0o644);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CliFailure(`${flag}: ${file} exists; pass --force to write over it`);
    throw new CliFailure(`${flag}: cannot create ${file}: ${(err as Error).message}`, 1);
  }
  try {
    writeSync(fd, bytes);
  } catch (err) {
    throw new CliFailure(`${flag}: cannot write ${file}: ${(err as Error).message}`, 1);
  } finally {
    closeSync(fd);
  }
}

/** A pcapng when the name ends in `.pcapng`, a classic pcap otherwise. */
function captureFile(recording: Recording, file: string): Buffer {
  let frames: ReturnType<typeof captureFrames>;
  try {
    frames = captureFrames(recording);
  } catch (err) {
    throw new CliFailure(`--pcap: ${(err as Error).message}`);
  }
  if (!file.toLowerCase().endsWith('.pcapng')) return classicPcap(frames);
  const { header } = recording;
  const lesson = header.lesson === undefined ? undefined : findLesson(header.lesson);
  const platform = header.platform ?? recording.events.find((e) => e.type === 'session.hello')?.platform;
  return pcapng(frames, {
    application: `socklab ${serverPackage.version}`,
    ...(platform ? { os: `${platform.os} ${platform.release} (${platform.arch})` } : {}),
    comment: [
      `socklab recording of ${lesson ? `${lesson.id}: ${lesson.title.en}` : (header.lesson ?? 'the playground')}, ${header.createdAt}`,
      'timestamps: when socklab read each frame from AF_PACKET on lo; the bytes are the kernel’s, cut after the TCP header and 64 payload bytes',
    ].join('\n'),
  });
}

/**
 * `socklab export <recording> [--pcap FILE] [--svg FILE] [--lang en|ko] [--force]`:
 * the recording's packets as a capture file, its session figure as SVG.
 */
export function exportCommand(args: readonly string[], options: ExportOptions, out: Out): Promise<number> {
  return failing(out, () => {
    const [file, extra] = args;
    if (file === undefined) throw new CliFailure('export needs a recording file');
    if (extra !== undefined) throw new CliFailure(`export: unexpected argument ${JSON.stringify(extra)}`);
    if (options.pcap === undefined && options.svg === undefined) {
      throw new CliFailure('export: say what to write: --pcap FILE (.pcapng for pcapng) and/or --svg FILE');
    }
    for (const [flag, value] of [
      ['--pcap', options.pcap],
      ['--svg', options.svg],
    ] as const) {
      if (value === '') throw new CliFailure(`${flag} needs a file name`);
    }
    const lang = options.lang ?? 'en';
    if (lang !== 'en' && lang !== 'ko') throw new CliFailure(`--lang: must be en or ko, not ${JSON.stringify(lang)}`);
    const { recording } = readRecording(file);
    const force = options.force === true;
    // Everything is made before anything is written: a failure leaves no half of the output.
    const pcap = options.pcap === undefined ? undefined : captureFile(recording, options.pcap);
    const svg = options.svg === undefined ? undefined : sessionFigure(recording.events, { lang });
    if (pcap !== undefined && options.pcap !== undefined) {
      writeNew(options.pcap, pcap, force, '--pcap');
      const packets = recording.events.filter((e) => e.type === 'packet').length;
      out.stdout.write(`socklab: wrote ${packets} packets to ${options.pcap}\n`);
    }
    if (svg !== undefined && options.svg !== undefined) {
      writeNew(options.svg, Buffer.from(svg, 'utf8'), force, '--svg');
      out.stdout.write(`socklab: wrote the session figure to ${options.svg}\n`);
    }
    return 0;
  });
}
