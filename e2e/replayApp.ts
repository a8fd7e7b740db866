import { resolve } from 'node:path';
import { spawnServe } from './fixtures.ts';

const repoRoot = resolve(import.meta.dirname, '..');

/** A committed fixture of `apps/web/src/view/fixtures` (a real recording, `npm run fixtures`). */
export type Fixture = 'hello' | 'echo' | 'handshake';

/**
 * `socklab replay` of a committed fixture on a port the kernel chooses: the built app and that one
 * recording, no lab, no WebSocket. `url` opens the replay (`#step=N&lang=ko` lands on a step).
 */
export async function startReplay(fixture: Fixture): Promise<{ url: string; stop: () => Promise<void> }> {
  const file = resolve(repoRoot, `apps/web/src/view/fixtures/${fixture}.ndjson`);
  const cli = resolve(repoRoot, 'apps/server/dist/cli.js');
  const { found, stop } = await spawnServe(
    process.execPath,
    [cli, 'replay', file, '--port', '0'],
    [/^replay: (\S+)$/m],
  );
  return { url: found[0] as string, stop };
}
