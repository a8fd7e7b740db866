import { describe, expect, it } from 'vitest';
import { main } from '../cli.ts';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

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
