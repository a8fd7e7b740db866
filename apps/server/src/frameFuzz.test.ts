import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from './httpServer.ts';
import { connect, getStatus, rawUpgrade, testServer, trueWithin } from './testing/harness.ts';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Frame = {
  fin: boolean;
  rsv: number;
  opcode: number;
  masked: boolean;
  payload: Uint8Array;
  /** How the length is written: the shortest form, forced to 16 or 64 bits, or a length that lies. */
  length: 'exact' | '16' | '64' | 'lie';
  declared: number;
};

// RFC 6455 §5.2, written as a hostile client may: any bit, any opcode, mask or not, any length field.
function encode(f: Frame): Buffer {
  const len = f.length === 'lie' ? f.declared : f.payload.length;
  const first = (f.fin ? 0x80 : 0) | (f.rsv << 4) | f.opcode;
  const mask = f.masked ? 0x80 : 0;
  let header: Buffer;
  if (f.length === '64' || (f.length === 'lie' && len > 0xffff)) {
    header = Buffer.alloc(10);
    header[1] = mask | 127;
    header.writeBigUInt64BE(BigInt(len), 2);
  } else if (f.length === '16' || len > 125) {
    header = Buffer.alloc(4);
    header[1] = mask | 126;
    header.writeUInt16BE(len, 2);
  } else {
    header = Buffer.alloc(2);
    header[1] = mask | len;
  }
  header[0] = first;
  if (!f.masked) return Buffer.concat([header, f.payload]);
  const key = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);
  const body = Buffer.from(f.payload.map((b, i) => b ^ (key[i % 4] as number)));
  return Buffer.concat([header, key, body]);
}

const commands = [
  '{"type":"playground.start"}',
  '{"type":"lesson.step"}',
  '{"type":"lesson.load","lesson":"nope"}',
  '{"type":"playground.call","actor":"a","call":{"syscall":"socket"}}',
  '{"__proto__":{"type":"lesson.step"}}',
  '\u00ff\ud800 not json',
].map((text) => new Uint8Array(Buffer.from(text, 'utf8')));

const frameArb: fc.Arbitrary<Frame> = fc.record({
  fin: fc.boolean(),
  rsv: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 7 })),
  opcode: fc.oneof(fc.constantFrom(0x0, 0x1, 0x2, 0x8, 0x9, 0xa), fc.integer({ min: 0, max: 15 })),
  masked: fc.oneof(fc.constant(true), fc.boolean()),
  payload: fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...commands)),
  length: fc.constantFrom('exact', '16', '64', 'lie'),
  declared: fc.oneof(
    fc.integer({ min: 0, max: 400 }),
    fc.constantFrom(65_535, 65_537, 2 ** 32, Number.MAX_SAFE_INTEGER),
  ),
});

// A connection's bytes: frames, or now and then plain garbage between them.
const streamArb = fc.array(fc.oneof({ weight: 4, arbitrary: frameArb.map(encode) }, fc.uint8Array({ maxLength: 64 })), {
  minLength: 1,
  maxLength: 8,
});

describe('the WebSocket endpoint under random frames (SECURITY.md #7)', () => {
  it('never crashes: after 1,000 connections of random frames GET / answers and a fresh session works', async () => {
    server = await testServer();
    const s = server;
    await fc.assert(
      fc.asyncProperty(streamArb, async (chunks) => {
        const socket = await rawUpgrade(s);
        socket.on('error', () => {});
        socket.resume();
        const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
        for (const chunk of chunks) socket.write(chunk);
        // Our end: the server must close its side too, whatever state its parser is in.
        socket.end();
        await closed;
      }),
      { numRuns: 1000 },
    );
    expect(await trueWithin(() => s.sessions() === 0 && s.labSockets() === 0, 5000)).toBe(true);
    expect(await getStatus(s)).toBe(200);
    const fresh = connect(s);
    await fresh.waitFor((e) => e.type === 'session.hello');
    fresh.send({ type: 'playground.start' });
    await fresh.waitFor((e) => e.type === 'lesson.ready');
    fresh.ws.close();
  }, 60_000);
});
