// A backend that records a lesson, steps it halfway and then waits to be killed (SECURITY.md test 15).

import { silentLogger } from '../logger.ts';
import { Recordings } from '../recordings.ts';
import { Session } from '../session.ts';

const [dir = '', steps = '5'] = process.argv.slice(2);
const session = new Session({ id: 'killed', logger: silentLogger, recordings: new Recordings(dir) });
session.hello();
await session.handle('{"type":"lesson.load","lesson":"hello"}');
for (let i = 0; i < Number(steps); i++) await session.handle('{"type":"lesson.step"}');
process.stdout.write(`recording ${session.recording}\n`);
setInterval(() => {}, 1000);
