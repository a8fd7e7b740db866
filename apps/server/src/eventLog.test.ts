import { bytesToText, type EventBody } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { EventLog } from './eventLog.ts';

const error = (message: string): EventBody => ({ type: 'error', code: 'SOCKLAB_ERR_LIMIT', message });

function data(bytes: Buffer): EventBody {
  return {
    type: 'data',
    callId: 1,
    actor: 'client',
    socket: 'sock-1',
    direction: 'sent',
    base64: bytes.toString('base64'),
    text: bytesToText(bytes),
  };
}

describe('EventLog (SECURITY.md #12: a bounded log)', () => {
  it('keeps every event by default, numbered from 0', () => {
    const log = new EventLog();
    for (let i = 0; i < 100; i++) log.append(error(`e${i}`));
    expect(log.events().map((e) => e.seq)).toEqual([...Array(100).keys()]);
  });

  it('keeps the latest maxEvents events; seq goes on counting', () => {
    const log = new EventLog({ maxEvents: 3 });
    for (let i = 0; i < 10; i++) log.append(error(`e${i}`));
    expect(log.events().map((e) => e.seq)).toEqual([7, 8, 9]);
    expect(log.appended).toBe(10);
  });

  it('keeps the latest events within maxBytes, and always the last one', () => {
    const log = new EventLog({ maxBytes: 1000 });
    for (let i = 0; i < 50; i++) log.append(error('x'.repeat(100)));
    expect(log.bytes).toBeLessThanOrEqual(1000);
    expect(log.events().length).toBeGreaterThan(3);
    expect(log.events().at(-1)?.seq).toBe(49);
    log.append(error('y'.repeat(900)));
    log.append(error('z'.repeat(990)));
    expect(log.events().map((e) => e.seq)).toEqual([51]);
  });

  it('hands subscribers each event with its JSON', () => {
    const log = new EventLog();
    const seen: [unknown, string][] = [];
    log.subscribe((event, json) => seen.push([event, json]));
    const event = log.append(error('hi'));
    expect(seen).toEqual([[event, JSON.stringify(event)]]);
  });

  it('keeps a data event’s bytes once (base64) and gives back the same event', () => {
    const log = new EventLog();
    const bytes = Buffer.from('héllo\0world\n', 'utf8');
    let sent = '';
    log.subscribe((_e, json) => {
      sent = json;
    });
    log.append(data(bytes));
    const kept = log.events()[0];
    expect(JSON.stringify(kept)).toBe(sent);
    expect(kept).toMatchObject({ type: 'data', text: bytesToText(bytes) });
    expect(log.bytes).toBe(Buffer.byteLength(sent) - Buffer.byteLength(bytesToText(bytes)));
  });

  it('refuses bounds that are not positive integers, naming the value', () => {
    expect(() => new EventLog({ maxEvents: 0 })).toThrow(/maxEvents .* got 0/);
    expect(() => new EventLog({ maxBytes: 1.5 })).toThrow(/maxBytes .* got 1.5/);
  });
});
