import { closeSync, constants, fstatSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger.ts';
import { newToken } from '../security.ts';

/** What a stored class token looks like: `newToken()`'s 24 random bytes in base64url. */
const tokenPattern = /^[A-Za-z0-9_-]{32}$/;

/** The file a class's viewer token is kept in, inside the state folder (the recordings folder). */
export function classTokenFile(stateDir: string): string {
  return join(stateDir, 'class-token.json');
}

/**
 * The viewer token of a class on `address` (SECURITY.md "Class mode", rejoin
 * after a restart): the one kept in `stateDir` by the last `serve --class`
 * with the same address, if the file is a regular file of this user with
 * mode 0600 and holds a well-formed token; else a fresh one, written there
 * with mode 0600. Another address, or a file that fails a check, gets a fresh
 * token (the reason is logged). Without a state folder: a fresh token, kept
 * nowhere.
 *
 * @example
 * const token = classToken('192.168.1.20', '/home/t/.local/share/socklab/recordings', logger);
 */
export function classToken(address: string, stateDir: string | undefined, logger: Logger): string {
  return loadClassToken(address, stateDir, logger).token;
}

/** `classToken`, saying whether the token is the one the last launch kept (`reused`: this launch is a restart of that class). */
export function loadClassToken(
  address: string,
  stateDir: string | undefined,
  logger: Logger,
): { token: string; reused: boolean } {
  if (stateDir === undefined) return { token: newToken(), reused: false };
  const file = classTokenFile(stateDir);
  const kept = readKept(file, address);
  if (kept && 'token' in kept) return { token: kept.token, reused: true };
  if (kept) logger.warn(`class token in ${file} not reused: ${kept.reason}; a new one is made`);
  const token = newToken();
  keepClassToken(address, stateDir, token, logger);
  return { token, reused: false };
}

/**
 * Writes `token` as the kept viewer token of `address` in `stateDir` (mode
 * 0600, an O_EXCL temp file renamed over the old one): a new join code
 * survives a restart too. A failure is logged, never thrown.
 */
export function keepClassToken(address: string, stateDir: string | undefined, token: string, logger: Logger): void {
  if (stateDir === undefined) return;
  const file = classTokenFile(stateDir);
  try {
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify({ address, token })}\n`, { mode: 0o600, flag: 'wx' });
    renameSync(temp, file);
  } catch (err) {
    logger.warn(`cannot keep the class token in ${file} (${(err as Error).message}); viewers cannot rejoin a restart`);
  }
}

// The kept token when the file may be reused, why not when not, null when there is no file.
function readKept(file: string, address: string): { token: string } | { reason: string } | null {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? null : { reason: `cannot open it (${code})` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { reason: 'not a regular file' };
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid())
      return { reason: 'owned by another user' };
    if ((stat.mode & 0o777) !== 0o600) return { reason: `mode ${(stat.mode & 0o777).toString(8)}, not 600` };
    if (stat.size > 1024) return { reason: 'too large' };
    const kept = JSON.parse(readFileSync(fd, 'utf8')) as { address?: unknown; token?: unknown };
    if (kept.address !== address) return { reason: `made for another address (${String(kept.address)})` };
    if (typeof kept.token !== 'string' || !tokenPattern.test(kept.token)) return { reason: 'not a token' };
    return { token: kept.token };
  } catch {
    return { reason: 'not readable JSON' };
  } finally {
    closeSync(fd);
  }
}
