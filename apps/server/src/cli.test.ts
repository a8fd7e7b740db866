import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { limitFlags } from './limitFlags.ts';
import { fdLimit } from './limits.ts';
import { cli } from './testing/cli.ts';

// setpriv (util-linux) can take CAP_SYS_ADMIN away from a child only where this process has it (root).
const canDropSysAdmin = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');

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

describe('socklab serve: the limit flags (README "Limits")', () => {
  const limit = fdLimit();

  it.each([
    [['--max-sessions', 'abc'], '--max-sessions: not a whole number: "abc" (sessions open at once)'],
    [['--max-sessions', '1.5'], '--max-sessions: not a whole number: "1.5" (sessions open at once)'],
    [['--max-sessions', ''], '--max-sessions: not a whole number: "" (sessions open at once)'],
    [['--max-sessions', '0'], '--max-sessions: 0 is below the least allowed, 1'],
    [['--max-sockets', '-3'], '--max-sockets: not a whole number: "-3" (open sockets per session)'],
    [['--max-sockets', '257'], '--max-sockets: 257 is above the safe bound, 256'],
    [['--max-write-bytes', '1000000'], '--max-write-bytes: 1,000,000 is above the safe bound, 262,144'],
    [['--max-recording-bytes', '100'], '--max-recording-bytes: 100 is below the least allowed, 65,536'],
    [
      ['--max-buffered-bytes=1e9'],
      '--max-buffered-bytes: not a whole number: "1e9" (bytes queued to one viewer before it is dropped)',
    ],
  ])('serve %j is one line and exit 2', async (flags, message) => {
    expect(await cli('serve', '--port', '0', ...flags)).toEqual({
      code: 2,
      stdout: '',
      stderr: `socklab: ${message}\n`,
    });
  });

  it('a value above the bound the fd limit allows is refused, naming the bound and the fd limit', async () => {
    const max = limitFlags['max-lab-sockets'].max(limit);
    const { code, stderr } = await cli('serve', '--port', '0', '--max-lab-sockets', String(max + 1));
    expect(code).toBe(2);
    expect(stderr).toBe(
      `socklab: --max-lab-sockets: ${(max + 1).toLocaleString('en-US')} is above the safe bound, ${max.toLocaleString('en-US')} at an fd limit of ${limit.toLocaleString('en-US')} (raise it with ulimit -n)\n`,
    );
    const together = await cli('serve', '--port', '0', '--max-sessions', '20', '--max-lab-sockets', String(max));
    expect(together.code).toBe(2);
    expect(together.stderr).toMatch(
      /^socklab: --max-sessions and --max-lab-sockets: 20 sessions and \d+ lab sockets need \d+ fds; the fd limit is \d+/,
    );
    expect(together.stderr.split('\n')).toHaveLength(2);
  });

  it('--help lists every limit flag with its default and bound here', async () => {
    const { stdout } = await cli('--help');
    for (const [name, flag] of Object.entries(limitFlags)) {
      expect(stdout).toContain(`--${name} N`);
      expect(stdout).toContain(`default ${flag.default(limit).toLocaleString('en-US')}`);
    }
  });

  it('--max-sessions 1 is the server’s cap: the second session gets SOCKLAB_ERR_LIMIT', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        './.config/rawText.mjs',
        'apps/server/src/cli.ts',
        'serve',
        '--port',
        '0',
        '--no-record',
        '--max-sessions',
        '1',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let stdout = '';
      const url = await new Promise<URL>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += String(chunk);
          const m = /socklab: (http:\S+)/.exec(stdout);
          if (m?.[1]) resolve(new URL(m[1]));
        });
        child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const open = () =>
        new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`, { origin: url.origin });
      const first = open();
      await new Promise((resolve) => first.once('message', resolve));
      const second = open();
      const refusal = await new Promise<{ code: string; message: string }>((resolve) =>
        second.once('message', (data) => resolve(JSON.parse(String(data)))),
      );
      expect(refusal.code).toBe('SOCKLAB_ERR_LIMIT');
      expect(refusal.message).toContain('(1)');
      first.close();
      second.close();
    } finally {
      child.kill('SIGTERM');
    }
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
    [['--class-labs'], /--class-labs applies only with --class/],
    [['--max-labs', '5'], /--max-labs applies only with --class/],
    [['--class', '127.0.0.2', '--max-labs', '5'], /--max-labs applies only with --class-labs/],
    [['--class', '127.0.0.2', '--class-labs', '--max-labs', '0'], /--max-labs: not a count/],
  ])('serve %j: one line, exit 2', async (argv, message) => {
    const result = await cli('serve', '--port', '0', ...argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  // Without CAP_SYS_ADMIN (dropped from the bounding set, as for a user who is not root) no namespace can be made.
  it.skipIf(!canDropSysAdmin)(
    'SECURITY 24: serve --class-labs where namespaces cannot be made: one line saying why, exit 2',
    async () => {
      const args = ['--import', 'tsx', '--import', './.config/rawText.mjs', 'apps/server/src/cli.ts'];
      const argv = ['serve', '--port', '0', '--class', '127.0.0.2', '--class-labs'];
      const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const caps = ['--bounding-set=-sys_admin', '--inh-caps=-sys_admin'];
        execFile('setpriv', [...caps, process.execPath, ...args, ...argv], { cwd: root }, (err, stdout, stderr) => {
          resolve({ code: err ? Number(err.code ?? -1) : 0, stdout, stderr });
        });
      });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/--class-labs: each student lab needs a network namespace of its own: unshare/);
    },
  );

  it('the usage names --class and the warning', async () => {
    expect((await cli('--help')).stdout).toMatch(/--class ADDRESS \[--max-viewers N\][\s\S]*anyone on that network/);
  });
});
