import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { tickCorked } from './tickCork.ts';

// A socket that counts its writes: one writev(2) is one call with every chunk corked since.
function countingSocket() {
  const writes: string[][] = [];
  const socket = new Duplex({
    read() {},
    writev(chunks, done) {
      writes.push(chunks.map((c) => String(c.chunk)));
      done();
    },
    write(chunk, _encoding, done) {
      writes.push([String(chunk)]);
      done();
    },
  });
  return { socket, writes };
}

describe('tickCorked', () => {
  it('writes the frames of one tick at once, each still whole and in order, and the next tick’s apart', async () => {
    const { socket, writes } = countingSocket();
    const send = tickCorked(socket, (json) => socket.write(json));
    for (const n of [1, 2, 3]) send(`{"seq":${n}}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
    send('{"seq":4}');
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(writes).toEqual([['{"seq":1}', '{"seq":2}', '{"seq":3}'], ['{"seq":4}']]);
  });

  it('sends as it is without a socket', () => {
    const sent: string[] = [];
    tickCorked(undefined, (json) => sent.push(json))('{}');
    expect(sent).toEqual(['{}']);
  });

  it('runs beforeWrite before any frame can reach the socket, corked or not', async () => {
    const { socket, writes } = countingSocket();
    const send = tickCorked(
      socket,
      (json) => socket.write(json),
      () => writes.push(['before']),
    );
    send('{"seq":1}');
    send('{"seq":2}');
    await new Promise<void>((resolve) => setImmediate(resolve));
    const order: string[] = [];
    tickCorked(
      undefined,
      (json) => order.push(json),
      () => order.push('before'),
    )('{"seq":3}');
    expect(writes).toEqual([['before'], ['{"seq":1}', '{"seq":2}']]);
    expect(order).toEqual(['before', '{"seq":3}']);
  });
});
