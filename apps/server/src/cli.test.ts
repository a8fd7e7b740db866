import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from './cli.ts';

// main() in-process, with its output captured.
async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

// The CLI as a process (runAsProcess, through tsx): exit code, stdout, stderr.
const root = fileURLToPath(new URL('../../..', import.meta.url));
function cliProcess(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = ['--import', 'tsx', '--import', './.config/rawText.mjs', 'apps/server/src/cli.ts', ...argv];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: root }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code ?? -1) : 0, stdout, stderr });
    });
  });
}

describe('socklab CLI: a bad command line is one line and exit 2', () => {
  it.each(['abc', '1.5', '70000', '', '-1', '0x50', '1e3', ' 80', '65536'])(
    '--port %j is refused with one line, for run and serve',
    async (value) => {
      for (const argv of [
        ['run', 'hello', '--port', value],
        ['serve', '--port', value],
        ['run', 'hello', `--port=${value}`],
      ]) {
        expect(await cli(...argv)).toEqual({
          code: 2,
          stdout: '',
          stderr: `socklab: --port: not a port number: ${JSON.stringify(value)} (0–65535)\n`,
        });
      }
    },
  );

  it('as a process too: one line, exit 2, no stack trace', async () => {
    const { code, stdout, stderr } = await cliProcess('run', 'hello', '--port', 'abc');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('socklab: --port: not a port number: "abc" (0–65535)\n');
  });

  it('an unknown option or command is one line, then the usage', async () => {
    for (const argv of [['--bogus'], ['run', 'hello', '-x'], ['frobnicate'], ['run', 'hello', '--port']]) {
      const { code, stdout, stderr } = await cli(...argv);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.split('\n')[0]).toMatch(
        /^socklab: (unknown option "--bogus"|unknown option "-x"|unknown command "frobnicate"|--port needs a value)$/,
      );
    }
    expect((await cli('--bogus')).stderr).toContain('\nusage:\n');
  });

  it('a flag given to a command it does not apply to, or twice, is refused', async () => {
    for (const argv of [
      ['lessons', '--port', '5000'],
      ['run', 'hello', '--allow-privileged-port'],
      ['serve', '--format', 'ndjson'],
      ['run', 'hello', '--port', '5000', '--port', '6000'],
      ['run', 'hello', 'extra'],
      ['run', 'hello', '--format', 'xml'],
      ['run', 'no-such-lesson'],
      ['--help=yes'],
    ]) {
      const { code, stderr } = await cli(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr, argv.join(' ')).toMatch(/^socklab: /);
    }
  });

  it('serve refuses a privileged port unless --allow-privileged-port is given, with that hint', async () => {
    // main() resolving at all shows nothing was served (a server waits for Ctrl-C).
    expect(await cli('serve', '--port', '80')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'socklab: --port: 80 is a privileged port (below 1024); pass --allow-privileged-port if you really mean to serve on it\n',
    });
    expect((await cli('--port', '1023')).code).toBe(2);
  });

  it('--help prints the usage and exits 0', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('--allow-privileged-port');
    expect(stdout).toContain('exit codes');
  });
});

describe('socklab run: one verdict per run', () => {
  it('a step socklab refuses (port 80) is said once, names step 2 (the bind), exits 1 and claims no success', async () => {
    const { code, stdout, stderr } = await cliProcess('run', 'hello', '--port', '80');
    expect(code).toBe(1);
    expect(stdout).not.toContain('every step as expected');
    const said = stderr.split('\n').filter((l) => l.startsWith('socklab run'));
    expect(said).toEqual([
      'socklab run hello: step 2 (server bind()) refused by socklab before it reached the kernel: SOCKLAB_ERR_ADDRESS_REFUSED: bind to "127.0.0.1" port 80 refused: ports 1024–65535 only',
    ]);
  });

  it('a lesson that goes as expected says so and exits 0', async () => {
    const { code, stdout, stderr } = await cliProcess('run', 'hello', '--port', '0');
    expect(code).toBe(0);
    expect(stdout.match(/every step as expected/g)).toHaveLength(1);
    expect(stderr).not.toContain('socklab run');
  });
});

describe('SECURITY 23: serve --class is explicit and checked before anything listens', () => {
  it.each([
    [['--class', '0.0.0.0'], /cannot be a class address/],
    [['--class', '192.0.2.77'], /is not an address of this machine/],
    [['--class', 'classroom.local'], /is not an IP address/],
    [['--class', '127.0.0.1'], /cannot be a class address/],
    [['--max-viewers', '10'], /applies only with --class/],
    [['--class', '127.0.0.2', '--max-viewers', '0'], /--max-viewers: not a count/],
    [['--class', '127.0.0.2', '--max-viewers', 'many'], /--max-viewers: not a count/],
  ])('serve %j: one line, exit 2', async (argv, message) => {
    const result = await cli('serve', '--port', '0', ...argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('the usage names --class and the warning', async () => {
    expect((await cli('--help')).stdout).toMatch(/--class ADDRESS \[--max-viewers N\][\s\S]*anyone on that network/);
  });
});
