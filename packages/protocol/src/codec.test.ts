import { describe, expect, it } from 'vitest';
import { isValidEvent, parseCommand, parseEvent } from './codec.ts';

const enter = {
  type: 'syscall.enter',
  seq: 4,
  t: 1.5,
  callId: 2,
  actor: 'server',
  socket: 'sock-1',
  call: { syscall: 'bind', fd: 3, address: { family: 'inet', host: '127.0.0.1', port: 4000 }, addrlen: 16 },
  step: 1,
};

describe('parseCommand', () => {
  it('accepts every command shape and drops unknown keys', () => {
    const r = parseCommand('{"type":"lesson.load","lesson":"hello","params":{"port":0},"extra":1}');
    expect(r).toEqual({ ok: true, value: { type: 'lesson.load', lesson: 'hello', params: { port: 0 } } });
    expect(
      parseCommand('{"type":"playground.call","actor":"client","call":{"syscall":"close","socket":"sock-1"}}').ok,
    ).toBe(true);
  });

  it.each([
    ['not json', '{'],
    ['an unknown type', '{"type":"lesson.fly"}'],
    ['a bad id', '{"type":"lesson.load","lesson":"../x"}'],
    ['a port out of range', '{"type":"lesson.load","lesson":"hello","params":{"port":70000}}'],
    [
      'a write over the limit',
      `{"type":"playground.call","actor":"a","call":{"syscall":"write","socket":"s","text":"${'x'.repeat(65537)}"}}`,
    ],
    ['a prototype key', '{"__proto__":{"type":"lesson.step"}}'],
  ])('refuses %s with a reason, never throwing', (_what, text) => {
    const r = parseCommand(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
  });
});

describe('parseEvent', () => {
  it('accepts a syscall.enter with typed arguments', () => {
    expect(parseEvent(JSON.stringify(enter)).ok).toBe(true);
  });

  it('refuses arguments that belong to another call', () => {
    const wrong = { ...enter, call: { syscall: 'bind', fd: 3, backlog: 5 } };
    expect(parseEvent(JSON.stringify(wrong)).ok).toBe(false);
    expect(isValidEvent({ ...enter, call: { syscall: 'listen', fd: 3 } })).toBe(false);
  });

  it('refuses a kernel row without its source', () => {
    const row = {
      state: 'LISTEN',
      linuxState: 'LISTEN',
      local: { family: 'inet', host: '127.0.0.1', port: 4000 },
      remote: null,
      recvQ: 0,
      sendQ: 5,
      timer: { kind: 'off', expiresMs: 0, retrans: 0 },
      inode: 1,
      owner: 'lab',
      socket: 'sock-1',
    };
    const table = { type: 'kernel.table', seq: 1, t: 0, source: 'sock_diag', callId: 1, rows: [row] };
    expect(isValidEvent(table)).toBe(false);
    expect(isValidEvent({ ...table, rows: [{ ...row, source: 'tcp_info' }] })).toBe(true);
  });
});

describe('markers', () => {
  const marker = { type: 'marker', seq: 9, t: 3, note: 'the SYN leaves here', callId: 2, step: 1 };

  it('marker.add carries a note of 1 to 500 characters', () => {
    expect(parseCommand('{"type":"marker.add","note":"look: SYN_RCVD"}')).toEqual({
      ok: true,
      value: { type: 'marker.add', note: 'look: SYN_RCVD' },
    });
    expect(parseCommand(JSON.stringify({ type: 'marker.add', note: 'x'.repeat(500) })).ok).toBe(true);
  });

  it.each([
    ['an empty note', ''],
    ['a note of blanks', '   \n'],
    ['a note over 500 characters', 'x'.repeat(501)],
  ])('marker.add refuses %s', (_what, note) => {
    expect(parseCommand(JSON.stringify({ type: 'marker.add', note })).ok).toBe(false);
    expect(isValidEvent({ ...marker, note })).toBe(false);
  });

  it('REPLAY-2: marker.add may name a step it belongs at; the marker event says so', () => {
    expect(parseCommand('{"type":"marker.add","note":"back here","at":{"step":2}}')).toEqual({
      ok: true,
      value: { type: 'marker.add', note: 'back here', at: { step: 2 } },
    });
    for (const at of [{ step: -1 }, { step: 1.5 }, { step: '2' }, {}, 2])
      expect(parseCommand(JSON.stringify({ type: 'marker.add', note: 'x', at })).ok).toBe(false);
    expect(isValidEvent({ ...marker, at: { step: 1 } })).toBe(true);
    expect(isValidEvent({ ...marker, at: { step: null } })).toBe(false);
  });

  it('a marker event names its call and step, each possibly null, and keeps markup as plain text', () => {
    expect(isValidEvent(marker)).toBe(true);
    expect(isValidEvent({ ...marker, callId: null, step: null })).toBe(true);
    expect(isValidEvent({ ...marker, step: undefined })).toBe(false);
    const parsed = parseEvent(JSON.stringify({ ...marker, note: '<img src=x onerror=alert(1)>' }));
    expect(parsed.ok && parsed.value.type === 'marker' && parsed.value.note).toBe('<img src=x onerror=alert(1)>');
  });

  it("lesson.start may name its run's recording, only under a name socklab gives", () => {
    const start = {
      type: 'lesson.start',
      seq: 1,
      t: 0,
      lesson: 'echo',
      params: { port: 4000 },
      steps: 3,
      network: { kind: 'shared', reason: 'x' },
    };
    expect(isValidEvent({ ...start, recording: '2026-12-01T10-00-00-echo-ab12.ndjson' })).toBe(true);
    expect(isValidEvent({ ...start, recording: '../../etc/passwd' })).toBe(false);
  });
});
