import { readFileSync, writeFileSync } from 'node:fs';
import { parseRecording } from '@socklab/protocol';
import { sessionFigure } from './apps/web/src/view/figure.ts';
for (const name of ['handshake', 'echo', 'hello', 'helloOutside']) {
  const r = parseRecording(readFileSync(`apps/web/src/view/fixtures/${name}.ndjson`, 'utf8'));
  for (const lang of ['en', 'ko'] as const) writeFileSync(`/work/shots-exports/${name}.${lang}.svg`, sessionFigure(r.events, { lang }));
}
