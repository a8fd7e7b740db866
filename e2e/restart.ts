import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseRecording } from '@socklab/protocol';

/** A port the kernel says is free now (port 0), so that the server can be started twice on it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  await new Promise((ok) => server.close(ok));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The recording of a session's latest run in `dir`: seqs count across a session's runs, so it holds the highest. */
export function latestRecording(dir: string) {
  const loaded = readdirSync(dir)
    .filter((name) => name.endsWith('.ndjson'))
    .map((name) => ({ name, recording: parseRecording(readFileSync(join(dir, name), 'utf8')) }));
  const last = (r: (typeof loaded)[number]) => r.recording.events.at(-1)?.seq ?? -1;
  return loaded.sort((a, b) => last(b) - last(a))[0];
}
