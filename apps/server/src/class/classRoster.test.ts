import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../httpServer.ts';
import { silentLogger } from '../logger.ts';
import { Recordings } from '../recordings.ts';
import { testServer, waitUntil } from '../testing/harness.ts';
import type { ClassMember } from './classroom.ts';
import { closeEndedByTeacher } from './classroom.ts';
import { classToken, classTokenFile } from './classToken.ts';
import { testClassAddress, viewer } from './viewerClient.ts';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const api = (s: RunningServer, path = '') => `http://127.0.0.1:${s.port}/api/class${path}?token=${s.token}`;
const origin = (s: RunningServer) => `http://127.0.0.1:${s.port}`;
const roster = async (s: RunningServer) => ((await (await fetch(api(s))).json()) as { members: ClassMember[] }).members;

describe("the teacher's roster (issue 10, item 2)", () => {
  it('GET /api/class lists each viewer with its id, kind and since; DELETE ends exactly that one', async () => {
    server = await testServer({ class: { address: testClassAddress } });
    const s = server;
    const first = viewer(s);
    const second = viewer(s);
    await waitUntil(() => s.class?.room.viewers === 2);
    const members = await roster(s);
    expect(members).toHaveLength(2);
    for (const m of members) {
      expect(m).toEqual({ id: expect.stringMatching(/^[0-9a-f]{12}$/), kind: 'viewer', since: expect.any(String) });
      expect(Number.isNaN(Date.parse(m.since))).toBe(false);
    }
    const [gone, kept] = members as [ClassMember, ClassMember];
    const del = (id: string, headers: Record<string, string>) =>
      fetch(api(s, `/members/${id}`), { method: 'DELETE', headers });
    // No Origin, or another page's: refused, nobody ended (a page elsewhere cannot end a student).
    expect((await del(gone.id, {})).status).toBe(403);
    expect((await del(gone.id, { origin: `http://${testClassAddress}:${s.port}` })).status).toBe(403);
    // Without the launch token: refused.
    const noToken = await fetch(`http://127.0.0.1:${s.port}/api/class/members/${gone.id}`, {
      method: 'DELETE',
      headers: { origin: origin(s) },
    });
    expect(noToken.status).toBe(403);
    expect(s.class?.room.viewers).toBe(2);
    expect((await del(gone.id, { origin: origin(s) })).status).toBe(204);
    expect(await Promise.any([first.closed, second.closed])).toBe(closeEndedByTeacher);
    expect((await roster(s)).map((m) => m.id)).toEqual([kept.id]);
    expect((await del(gone.id, { origin: origin(s) })).status).toBe(404);
    expect((await del('nothex', { origin: origin(s) })).status).toBe(404);
    first.ws.close();
    second.ws.close();
  });

  it('the class listener has no roster: /api/class there is 404 with the viewer token', async () => {
    server = await testServer({ class: { address: testClassAddress } });
    const { port } = server;
    const res = await fetch(`http://${testClassAddress}:${port}/api/class?view=${server.class?.room.token}`);
    expect(res.status).toBe(404);
  });
});

describe('SECURITY 25 (rejoin): the viewer token survives a restart on the same address', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'socklab-class-'));

  it('a restart with the same recordings folder and address reuses the token, kept with mode 0600', async () => {
    const recordings = new Recordings(dir());
    server = await testServer({ class: { address: testClassAddress }, recordings });
    const token = server.class?.room.token;
    const file = classTokenFile(recordings.dir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ address: testClassAddress, token });
    await server.close();
    server = await testServer({ class: { address: testClassAddress }, recordings });
    expect(server.class?.room.token).toBe(token);
    expect(server.class?.room.token).not.toBe(server.token);
    expect(recordings.list()).toEqual([]);
  });

  it('another address, a file readable by others, or a malformed one: a fresh token', () => {
    const state = dir();
    const token = classToken('127.0.0.2', state, silentLogger);
    expect(classToken('127.0.0.2', state, silentLogger)).toBe(token);
    expect(classToken('127.0.0.3', state, silentLogger)).not.toBe(token);
    const file = classTokenFile(state);
    const third = JSON.parse(readFileSync(file, 'utf8')).token as string;
    chmodSync(file, 0o644);
    expect(classToken('127.0.0.3', state, silentLogger)).not.toBe(third);
    writeFileSync(file, '{"address":"127.0.0.2","token":"short"}', { mode: 0o600 });
    chmodSync(file, 0o600);
    expect(classToken('127.0.0.2', state, silentLogger)).not.toBe('short');
    expect(classToken(testClassAddress, undefined, silentLogger)).not.toBe(
      classToken(testClassAddress, undefined, silentLogger),
    );
  });
});
