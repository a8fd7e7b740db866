import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventOf, parseRecording } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { cli } from '../testing/cli.ts';

const fixtures = new URL('../../../web/src/view/fixtures/', import.meta.url);
const fixture = (name: string) => new URL(`${name}.ndjson`, fixtures).pathname;
const tempDir = () => mkdtempSync(join(tmpdir(), 'socklab-export-'));

// CI installs tcpdump (.ci/run): there, a missing tcpdump fails the test instead of skipping it.
const hasTcpdump = spawnSync('tcpdump', ['--version']).status === 0;
const tcpdump = (file: string, ...flags: string[]) => {
  const run = spawnSync('tcpdump', ['-nn', ...flags, '-r', file], { encoding: 'utf8' });
  if (run.error) throw run.error;
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.trim().split('\n');
};

describe('socklab export', () => {
  it.skipIf(!hasTcpdump && !process.env.CI)(
    'PCAP-1: tcpdump reads the pcap and the pcapng of a real handshake run: SYN, SYN-ACK, ACK, FIN, the run’s ports',
    { timeout: 30_000 },
    async () => {
      const dir = tempDir();
      const recording = join(dir, 'handshake.ndjson');
      const ran = await cli('run', 'handshake', '--port', '0', '--record', recording);
      expect(ran.code, ran.stderr).toBe(0);
      const { events } = parseRecording(readFileSync(recording, 'utf8'));
      const packets = events.filter((e): e is EventOf<'packet'> => e.type === 'packet');
      const port = events.findLast((e): e is EventOf<'lesson.port'> => e.type === 'lesson.port')?.port;
      const client = packets[0]?.src.port;
      expect(port).toBeGreaterThan(0);
      // Each frame is the datagram the decoded fields came from: its IPv4 length, ports and sequence number.
      for (const packet of packets) {
        const bytes = Buffer.from(packet.frame?.base64 ?? '', 'base64');
        expect(bytes.readUInt16BE(2)).toBe(packet.frame?.length);
        const tcp = (bytes[0]! & 0x0f) * 4;
        expect([bytes.readUInt16BE(tcp), bytes.readUInt16BE(tcp + 2)]).toEqual([packet.src.port, packet.dst.port]);
        expect(bytes.readUInt32BE(tcp + 4)).toBe(packet.seqNo);
        expect(bytes.length).toBe(tcp + (bytes[tcp + 12]! >> 4) * 4 + Math.min(packet.length, 64));
      }
      for (const file of ['handshake.pcap', 'handshake.pcapng']) {
        const out = join(dir, file);
        expect(await cli('export', recording, '--pcap', out)).toMatchObject({ code: 0, stderr: '' });
        const lines = tcpdump(out);
        expect(lines).toHaveLength(packets.length);
        const flags = lines.map((l) => /Flags \[([^\]]*)\]/.exec(l)?.[1]);
        // tcpdump's names: S SYN, S. SYN-ACK, . ACK, F. FIN-ACK.
        expect(flags.slice(0, 3)).toEqual(['S', 'S.', '.']);
        expect(flags).toContain('F.');
        expect(lines[0]).toContain(`127.0.0.1.${client} > 127.0.0.1.${port}:`);
        expect(lines[1]).toContain(`127.0.0.1.${port} > 127.0.0.1.${client}:`);
        // The kernel's own IP headers: tcpdump -v finds their checksums right.
        expect(tcpdump(out, '-v').join('\n')).not.toMatch(/bad cksum/);
      }
      // pcapng: each packet carries the call that caused it.
      const pcapng = readFileSync(join(dir, 'handshake.pcapng'));
      expect(pcapng.includes(Buffer.from('step 5: client connect()'))).toBe(true);
      expect(pcapng.readUInt32LE(0)).toBe(0x0a0d0d0a);
    },
  );

  it('--svg writes the session figure of a recording', async () => {
    const out = join(tempDir(), 'echo.svg');
    expect(await cli('export', fixture('echo'), '--svg', out, '--lang', 'ko')).toMatchObject({ code: 0, stderr: '' });
    const svg = readFileSync(out, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('server_socket');
  });

  it('a missing or bad recording, an existing output, a bad flag: one line, exit 2, nothing written', async () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, 'hello\n');
    const taken = join(dir, 'taken.pcap');
    writeFileSync(taken, 'mine');
    const cases: [string[], RegExp][] = [
      [['export', join(dir, 'nope.ndjson'), '--pcap', join(dir, 'a.pcap')], /nope\.ndjson: no such file$/],
      [['export', bad, '--pcap', join(dir, 'a.pcap')], /bad\.ndjson: line 1 is not JSON: not a socklab recording$/],
      [['export', fixture('handshake'), '--pcap', taken], /taken\.pcap exists; pass --force to write over it$/],
      [['export', fixture('handshake')], /say what to write/],
      [['export', fixture('handshake'), '--svg', join(dir, 'a.svg'), '--lang', 'fr'], /--lang: must be en or ko/],
      [['export'], /export needs a recording file$/],
      [['replay', fixture('handshake'), '--pcap', 'x'], /--pcap does not apply to replay/],
    ];
    for (const [argv, message] of cases) {
      const { code, stdout, stderr } = await cli(...argv);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.split('\n')[0]).toMatch(message);
    }
    expect(readFileSync(taken, 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'a.pcap'))).toBe(false);
    expect(existsSync(join(dir, 'a.svg'))).toBe(false);
  });

  it('--force writes over an existing file', async () => {
    const out = join(tempDir(), 'h.pcap');
    writeFileSync(out, 'mine');
    expect((await cli('export', fixture('handshake'), '--pcap', out, '--force')).code).toBe(0);
    expect(readFileSync(out).readUInt32LE(0)).toBe(0xa1b2c3d4);
  });

  it('a recording made before frames were kept replays, but refuses to become a pcap, saying why', async () => {
    const dir = tempDir();
    const old = join(dir, 'old.ndjson');
    const lines = readFileSync(fixture('handshake'), 'utf8').trimEnd().split('\n');
    const stripped = lines.map((line) => {
      const json = JSON.parse(line);
      delete json.frame;
      return JSON.stringify(json);
    });
    writeFileSync(old, `${stripped.join('\n')}\n`);
    // Every event still loads: all lines but the header and the end line.
    expect(parseRecording(readFileSync(old, 'utf8')).events.length).toBe(lines.length - 2);
    const { code, stderr } = await cli('export', old, '--pcap', join(dir, 'old.pcap'), '--svg', join(dir, 'old.svg'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^socklab: --pcap: \d+ of the recording's \d+ packets have no captured bytes .*it replays/);
    expect(existsSync(join(dir, 'old.pcap'))).toBe(false);
    expect(existsSync(join(dir, 'old.svg'))).toBe(false);
  });
});
