import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassClose, type ClassMember, type ClassRefusal, parseRecording } from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../httpServer.ts';
import { Recordings } from '../recordings.ts';
import { connect, testServer, upgradeStatusOf, waitUntil } from '../testing/harness.ts';
import { classTokenFile } from './classToken.ts';
import { labClient, testClassAddress, viewer } from './viewerClient.ts';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const seatA = 'AAAAAAAAAAAAAAAAAAAAAA';
const seatB = 'BBBBBBBBBBBBBBBBBBBBBB';
const control = (s: RunningServer, path: string, init: RequestInit = {}) =>
  fetch(`http://127.0.0.1:${s.port}/api/class${path}?token=${s.token}`, {
    ...init,
    headers: { origin: `http://127.0.0.1:${s.port}` },
  });
const roster = async (s: RunningServer) =>
  ((await (await control(s, '')).json()) as { members: ClassMember[] }).members;
/** `GET /class/<what>` on the class listener with `query`: its status, and its refusal when it has one. */
async function classPage(s: RunningServer, what: string, query: Record<string, string>) {
  const url = new URL(`http://${testClassAddress}:${s.port}/class/${what}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const res = await fetch(url);
  const body = res.headers.get('content-type')?.startsWith('application/json')
    ? ((await res.json()) as ClassRefusal)
    : await res.text();
  return { status: res.status, body, launch: res.headers.get('x-socklab-launch'), res };
}
const joined = (s: RunningServer, query: Record<string, string>) =>
  viewer(s, { query: `?${new URLSearchParams({ view: s.class?.room.token ?? '', ...query })}` });

describe('SECURITY 27: display names are bounded, validated by the server and listed as given', () => {
  it('a name is listed as the student typed it (trimmed), HTML included; none: no name', async () => {
    server = await testServer({ class: { address: testClassAddress } });
    const s = server;
    const hostile = '<img src=x onerror=alert(1)>';
    joined(s, { seat: seatA, name: `  ${hostile} ` });
    joined(s, { seat: seatB, name: '민아' });
    joined(s, {});
    await waitUntil(() => s.class?.room.viewers === 3);
    expect((await roster(s)).map((m) => m.name)).toEqual([hostile, '민아', undefined]);
  });

  it.each([
    ['over 40 characters', 'x'.repeat(41), 'nameTooLong'],
    ['a control character', 'Mina\u0007', 'nameControl'],
    ['a line break', 'Mi\nna', 'nameControl'],
    ['a bidi override', 'Mina\u202e', 'nameControl'],
  ])('a name with %s is refused with one clear reason, at the check and at the upgrade', async (_what, name, code) => {
    server = await testServer({ class: { address: testClassAddress } });
    const s = server;
    const check = await classPage(s, 'check', { view: s.class?.room.token ?? '', name });
    expect(check.status).toBe(400);
    expect(check.body).toMatchObject({ refused: 'name', code, error: expect.stringMatching(/name/) });
    expect(await upgradeStatusOf(joined(s, { name }))).toBe(400);
    expect(s.class?.room.viewers).toBe(0);
    // Exactly 40, in code points (Hangul, an emoji): taken.
    const fine = await classPage(s, 'check', { view: s.class?.room.token ?? '', name: `${'가'.repeat(39)}🙂` });
    expect(fine.status).toBe(204);
  });
});

describe("SECURITY 28: the teacher's end sticks for that browser; a new join code ends everyone", () => {
  it('an ended seat is refused at the upgrade and told `ended` at the check; another seat still joins', async () => {
    server = await testServer({ class: { address: testClassAddress } });
    const s = server;
    const token = s.class?.room.token ?? '';
    const first = joined(s, { seat: seatA, name: 'Mina' });
    await waitUntil(() => s.class?.room.viewers === 1);
    const [member] = await roster(s);
    expect((await control(s, `/members/${member?.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await first.closed).toBe(ClassClose.endedByTeacher);
    expect(await upgradeStatusOf(joined(s, { seat: seatA }))).toBe(403);
    const check = await classPage(s, 'check', { view: token, seat: seatA });
    expect(check.status).toBe(403);
    expect(check.body).toMatchObject({ refused: 'ended' });
    expect((await classPage(s, 'history', { view: token, seat: seatA })).status).toBe(403);
    expect(await upgradeStatusOf(joined(s, { seat: seatB }))).toBe(101);
    expect((await classPage(s, 'check', { view: token, seat: seatB })).status).toBe(204);
    // A seat that is not one is no way around it.
    expect(await upgradeStatusOf(joined(s, { seat: 'x' }))).toBe(400);
  });

  it('an ended lab keeps its browser out of labs only: it may still follow the class', async () => {
    server = await testServer({ class: { address: testClassAddress, labs: true } });
    const s = server;
    const lab = labClient(s, `?lab=${s.class?.room.labToken}&seat=${seatA}`);
    await lab.waitFor((e) => e.type === 'session.hello');
    const [member] = await roster(s);
    expect(member?.kind).toBe('lab');
    expect((await control(s, `/members/${member?.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await lab.closed).toBe(ClassClose.endedByTeacher);
    expect(await upgradeStatusOf(labClient(s, `?lab=${s.class?.room.labToken}&seat=${seatA}`))).toBe(403);
    const check = await classPage(s, 'check', { lab: s.class?.room.labToken ?? '', seat: seatA });
    expect(check.body).toMatchObject({ refused: 'ended' });
    expect(await upgradeStatusOf(joined(s, { seat: seatA }))).toBe(101);
  });

  it('POST /api/class/code ends every viewer (4002), refuses the old join URL as `join`, and keeps the new one for a restart', async () => {
    const recordings = new Recordings(mkdtempSync(join(tmpdir(), 'socklab-class-code-')));
    server = await testServer({ class: { address: testClassAddress }, recordings });
    const s = server;
    const old = s.class?.room.token ?? '';
    const a = joined(s, { seat: seatA });
    const b = joined(s, { seat: seatB });
    await waitUntil(() => s.class?.room.viewers === 2);
    // Not from another page, not without the token.
    const foreign = await fetch(`http://127.0.0.1:${s.port}/api/class/code?token=${s.token}`, { method: 'POST' });
    expect(foreign.status).toBe(403);
    expect((await control(s, '/code', { method: 'GET' })).status).toBe(405);
    const answer = await control(s, '/code', { method: 'POST' });
    expect(answer.status).toBe(200);
    const info = (await answer.json()) as { joinUrl: string; members: ClassMember[] };
    expect(await a.closed).toBe(ClassClose.newJoinCode);
    expect(await b.closed).toBe(ClassClose.newJoinCode);
    const fresh = s.class?.room.token ?? '';
    expect(fresh).not.toBe(old);
    expect(info.joinUrl).toBe(`http://${testClassAddress}:${s.port}/?view=${fresh}`);
    expect(info.members).toEqual([]);
    expect(await upgradeStatusOf(viewer(s, { query: `?view=${old}` }))).toBe(403);
    expect((await classPage(s, 'check', { view: old })).body).toMatchObject({ refused: 'join' });
    expect(await upgradeStatusOf(joined(s, { seat: seatA }))).toBe(101);
    expect(JSON.parse(readFileSync(classTokenFile(recordings.dir), 'utf8'))).toEqual({
      address: testClassAddress,
      token: fresh,
    });
  });
});

describe('SECURITY 25 / CLASS-7: after a restart the class shows its last run, and old lab tokens are told', () => {
  it("the same class started again serves the last launch's newest recording to viewers only, byte for byte", async () => {
    const recordings = new Recordings(mkdtempSync(join(tmpdir(), 'socklab-class-history-')));
    server = await testServer({ class: { address: testClassAddress }, recordings });
    let s = server;
    const teacher = connect(s);
    teacher.send({ type: 'lesson.load', lesson: 'hello', params: { port: 0 } });
    await teacher.waitFor((e) => e.type === 'lesson.ready');
    teacher.send({ type: 'lesson.step' });
    await teacher.waitFor((e) => e.type === 'lesson.step');
    await teacher.waitFor((e) => e.type === 'lesson.ready' && e.seq > 0);
    const token = s.class?.room.token ?? '';
    // The first launch has no history.
    expect((await classPage(s, 'history', { view: token })).status).toBe(204);
    const firstLaunch = (await classPage(s, 'check', { view: token })).launch;
    await server.close();
    const [newest] = recordings.list();
    server = await testServer({ class: { address: testClassAddress }, recordings });
    s = server;
    const got = await classPage(s, 'history', { view: token, seat: seatA });
    expect(got.status).toBe(200);
    expect(got.res.headers.get('x-socklab-recording')).toBe(newest?.name);
    expect(got.launch).not.toBe(firstLaunch);
    expect(got.body).toBe(readFileSync(join(recordings.dir, newest?.name ?? ''), 'utf8'));
    const shown = parseRecording(got.body as string);
    expect(shown.header.lesson).toBe('hello');
    expect(shown.events.some((e) => e.type === 'lesson.step')).toBe(true);
    // Not without the viewer token; not on the control listener's /api; not for another address's class.
    expect((await classPage(s, 'history', { view: 'nope' })).status).toBe(403);
    expect((await classPage(s, 'history', { token: s.token })).status).toBe(403);
  });

  it('a lab token of the last launch is refused as `lab`, so the old lab tab can stop and say so', async () => {
    const recordings = new Recordings(mkdtempSync(join(tmpdir(), 'socklab-class-lab-')));
    server = await testServer({ class: { address: testClassAddress, labs: true }, recordings });
    const oldLab = server.class?.room.labToken ?? '';
    expect(oldLab).not.toBe('');
    await server.close();
    server = await testServer({ class: { address: testClassAddress, labs: true }, recordings });
    const s = server;
    expect(await upgradeStatusOf(labClient(s, `?lab=${oldLab}`))).toBe(403);
    expect((await classPage(s, 'check', { lab: oldLab, seat: seatA })).body).toMatchObject({ refused: 'lab' });
    expect((await classPage(s, 'check', { lab: s.class?.room.labToken ?? '' })).status).toBe(204);
  });
});
