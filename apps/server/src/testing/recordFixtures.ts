// `npm run fixtures`: records the web's test sessions from real runs of the
// server (as root, with packet capture) into apps/web/src/view/fixtures/.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sharedReactor } from '@socklab/kernel';
import { fixtureNames, recordingText, recordSession } from './fixtures.ts';

const dir = fileURLToPath(new URL('../../../web/src/view/fixtures/', import.meta.url));
for (const name of fixtureNames) {
  const events = await recordSession(name);
  writeFileSync(`${dir}${name}.ndjson`, recordingText(name, events));
  process.stdout.write(`fixtures: ${name}.ndjson, ${events.length} events\n`);
}
await sharedReactor().close();
