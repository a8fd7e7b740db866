import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../testing/cli.ts';
import { tempWebRoot } from '../testing/harness.ts';
import { exportSiteCommand } from './exportSite.ts';

const fixture = (name: string) => new URL(`../../../web/src/view/fixtures/${name}.ndjson`, import.meta.url).pathname;
const tempDir = () => mkdtempSync(join(tmpdir(), 'socklab-site-'));

async function exportSite(args: string[], recordingsDir: string | null = null) {
  let stdout = '';
  let stderr = '';
  const code = await exportSiteCommand(
    args,
    { webRoot: tempWebRoot(), recordingsDir },
    {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
    },
  );
  return { code, stdout, stderr };
}

describe('socklab export-site', () => {
  it('writes the app, each recording under a safe name, and recordings/index.json; says how to serve it', async () => {
    const site = join(tempDir(), 'site');
    const odd = join(tempDir(), 'x weird name.ndjson');
    writeFileSync(odd, readFileSync(fixture('echo')));
    const { code, stdout, stderr } = await exportSite([site, fixture('handshake'), odd, fixture('handshake')]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(readdirSync(site).sort()).toEqual(['index.html', 'recordings']);
    const index = JSON.parse(readFileSync(join(site, 'recordings', 'index.json'), 'utf8'));
    expect(index.map((e: { name: string }) => e.name)).toEqual([
      'handshake.ndjson',
      'x_weird_name.ndjson',
      'handshake-2.ndjson',
    ]);
    expect(index[0]).toEqual({
      name: 'handshake.ndjson',
      lesson: 'handshake',
      createdAt: expect.any(String),
      events: 78,
    });
    expect(readFileSync(join(site, 'recordings', 'x_weird_name.ndjson'), 'utf8')).toBe(
      readFileSync(fixture('echo'), 'utf8'),
    );
    expect(stdout).toContain('recordings/index.json');
    expect(stdout).toMatch(/python3 -m http\.server/);
  });

  it('by default publishes every recording of the recordings folder', async () => {
    const folder = tempDir();
    writeFileSync(join(folder, '2026-12-01T10-00-00-hello-abcd.ndjson'), readFileSync(fixture('hello')));
    writeFileSync(join(folder, 'notes.txt'), 'not a recording');
    const site = join(tempDir(), 'site');
    expect((await exportSite([site], folder)).code).toBe(0);
    expect(readdirSync(join(site, 'recordings')).sort()).toEqual([
      '2026-12-01T10-00-00-hello-abcd.ndjson',
      'index.json',
    ]);
  });

  it('--recordings names the folder to publish; a flag of another command is refused', async () => {
    const folder = tempDir();
    const site = join(tempDir(), 'site');
    const none = await cli('export-site', site, '--recordings', folder);
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr).toBe(`socklab: export-site: no recordings in ${folder}; name the recordings to publish\n`);
    expect((await cli('export-site', site, '--pcap', 'x')).stderr).toMatch(
      /^socklab: --pcap does not apply to export-site/,
    );
  });

  it('refuses a folder that is not empty, a bad recording or nothing to publish: one line, exit 2, nothing written', async () => {
    const full = tempDir();
    writeFileSync(join(full, 'keep.txt'), 'mine');
    const bad = join(tempDir(), 'bad.ndjson');
    writeFileSync(bad, '{"format":"socklab-recording","version":1,"protocol":2,"createdAt":"x"}\n{"type":"nope"}\n');
    const fresh = join(tempDir(), 'site');
    for (const [args, dir, message] of [
      [[full, fixture('hello')], null, /is not an empty folder/],
      [[fresh, fixture('hello'), bad], null, /bad\.ndjson: line 2:/],
      [[fresh], tempDir(), /no recordings in/],
    ] as const) {
      const { code, stdout, stderr } = await exportSite([...args], dir);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^socklab: .*\n$/);
      expect(stderr).toMatch(message);
    }
    expect(readdirSync(full)).toEqual(['keep.txt']);
    expect(existsSync(fresh)).toBe(false);
  });
});
