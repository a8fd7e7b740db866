import type { SocklabEvent } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { momentOfStep, momentsOf } from '../view/moments.ts';
import { after, echoLog, handshakeLog, helloLog, ready, refusedLog } from '../view/recordings.fixture.ts';
import { viewAt } from '../view/viewAt.ts';
import { basesOf, planStep, type StepAnimation } from './plan.ts';

/** The plan of the lesson's step `index` (0-based) taken alone: from the moment step `index` - 1 finished. */
function planOf(log: readonly SocklabEvent[], index: number) {
  const moments = momentsOf(log);
  const from = momentOfStep(moments, index);
  const to = momentOfStep(moments, index + 1);
  return planStep(basesOf(viewAt(log, from).sockets), log.slice(from, to));
}
const kinds = (animations: readonly StepAnimation[]) => animations.map((a) => a.kind);
const of = <K extends StepAnimation['kind']>(animations: readonly StepAnimation[], kind: K) =>
  animations.filter((a): a is Extract<StepAnimation, { kind: K }> => a.kind === kind);

/** The socket ids the log's `socket.state` events name, in order of appearance. */
const socketIds = (log: readonly SocklabEvent[]) => [
  ...new Set(log.flatMap((e) => (e.type === 'socket.state' ? [e.socket] : []))),
];

describe('MOTION-1: planStep over the real hello recording', () => {
  it('socket(): the new socket appears, and nothing else moves', () => {
    const plan = planOf(helloLog, 0);
    expect(plan.motion).toBe('play');
    expect(plan.animations).toEqual([
      { kind: 'socket.appear', socket: socketIds(helloLog)[0], actor: 'server', from: null },
    ]);
  });

  it('bind(): the address the kernel reports attaches to the socket', () => {
    const [attach] = of(planOf(helloLog, 1).animations, 'address.attach');
    const bound = viewAt(helloLog, momentOfStep(momentsOf(helloLog), 2)).sockets[0]!;
    expect(attach).toMatchObject({ socket: bound.id, address: `127.0.0.1:${bound.local?.port}` });
  });

  it('listen(): the listener opens its queue of the backlog the kernel reports, in LISTEN', () => {
    const plan = planOf(helloLog, 2);
    expect(kinds(plan.animations)).toEqual(['queue.open', 'state.change']);
    expect(of(plan.animations, 'queue.open')[0]?.backlog).toBe(5);
    expect(of(plan.animations, 'state.change')[0]).toMatchObject({ from: 'CLOSED', to: 'LISTEN' });
  });

  it('accept() with an empty queue: the server visibly waits', () => {
    expect(kinds(planOf(helloLog, 3).animations)).toEqual(['call.block']);
  });

  it('connect(): the handshake flies client → server → client, the queue fills, accept() takes it out as a new socket', () => {
    const plan = planOf(helloLog, 5);
    const [listener, connecting, accepted] = socketIds(helloLog);
    const packets = of(plan.animations, 'packet.fly');
    expect(packets.map((p) => p.flags.join(','))).toEqual(['SYN', 'SYN,ACK', 'ACK']);
    // The connection is the listener's until accept() returns it as a socket of its own.
    expect(packets.map((p) => [p.from, p.to])).toEqual([
      [connecting, listener],
      [listener, connecting],
      [connecting, listener],
    ]);
    const order = kinds(plan.animations);
    expect(order.indexOf('queue.fill')).toBeGreaterThan(order.lastIndexOf('packet.fly'));
    expect(order.indexOf('queue.take')).toBeGreaterThan(order.indexOf('queue.fill'));
    expect(of(plan.animations, 'queue.fill')[0]).toMatchObject({ socket: listener, length: 1 });
    expect(of(plan.animations, 'queue.take')[0]).toMatchObject({ socket: listener, length: 0, into: accepted });
    expect(of(plan.animations, 'socket.appear')[0]).toMatchObject({
      socket: accepted,
      actor: 'server',
      from: listener,
    });
    expect(order).toContain('call.wake');
  });

  it('write(): bytes leave the writer and wait in the reader’s receive queue; read() takes them out', () => {
    const write = planOf(helloLog, 6).animations;
    const [listener, reader, writer] = socketIds(helloLog);
    expect(listener).toBeDefined();
    expect(of(write, 'bytes.send')[0]).toMatchObject({ socket: writer, bytes: 13, to: reader });
    expect(of(write, 'bytes.arrive')[0]).toMatchObject({ socket: reader, bytes: 13, queued: 13 });
    expect(of(write, 'packet.fly')[0]?.flags).toEqual(['PSH', 'ACK']);
    expect(of(planOf(helloLog, 7).animations, 'bytes.read')[0]).toMatchObject({ socket: reader, bytes: 13 });
  });

  it('close(): the FIN flies and the descriptor goes', () => {
    const plan = planOf(helloLog, 8);
    expect(of(plan.animations, 'packet.fly')[0]?.flags).toEqual(['FIN', 'ACK']);
    expect(kinds(plan.animations)).toContain('socket.close');
    expect(of(plan.animations, 'state.change')[0]).toMatchObject({ to: 'CLOSE_WAIT' });
  });
});

describe('MOTION-1: planStep: what the kernel did not report never moves', () => {
  it('refused: the SYN is answered by RST and no socket appears on the server', () => {
    const plan = planOf(refusedLog, 1);
    expect(of(plan.animations, 'packet.fly').map((p) => p.flags.join(','))).toEqual(['SYN', 'RST,ACK']);
    // Nobody listens: the SYN reaches no lab socket.
    expect(of(plan.animations, 'packet.fly')[0]?.to).toBeNull();
    expect(kinds(plan.animations)).not.toContain('socket.appear');
    expect(kinds(plan.animations)).not.toContain('queue.fill');
  });

  it('without capture no packet flies (the packet events are the capture)', () => {
    const uncaptured = helloLog.filter((e) => e.type !== 'packet');
    const moments = momentsOf(uncaptured);
    const from = momentOfStep(moments, 5);
    const plan = planStep(basesOf(viewAt(uncaptured, from).sockets), uncaptured.slice(from, momentOfStep(moments, 6)));
    expect(kinds(plan.animations)).not.toContain('packet.fly');
    expect(kinds(plan.animations)).toContain('queue.fill');
  });

  it('the handshake lesson fills the queue with no accept() yet', () => {
    const moments = momentsOf(handshakeLog);
    const plans = Array.from({ length: moments.steps.length }, (_, i) => planOf(handshakeLog, i));
    const fills = plans.flatMap((p) => of(p.animations, 'queue.fill'));
    expect(fills.length).toBeGreaterThan(0);
    const connect = plans.findIndex((p) => of(p.animations, 'queue.fill').length > 0);
    expect(kinds(plans[connect]!.animations)).not.toContain('queue.take');
  });

  it('every step of echo plays only kinds it can explain, and every packet it flies is in the log', () => {
    const moments = momentsOf(echoLog);
    const captured = new Set(echoLog.flatMap((e) => (e.type === 'packet' ? [e.seq] : [])));
    for (let i = 0; i < moments.steps.length; i++) {
      const plan = planOf(echoLog, i);
      for (const packet of of(plan.animations, 'packet.fly')) expect(captured.has(packet.seq)).toBe(true);
    }
  });
});

describe('MOTION-1: planStep: moving through time', () => {
  const moments = momentsOf(helloLog);

  it('a jump over several steps is still: the end state shows at once', () => {
    const from = momentOfStep(moments, 0);
    const to = momentOfStep(moments, 6);
    expect(planStep(basesOf(viewAt(helloLog, from).sockets), helloLog.slice(from, to))).toEqual({
      motion: 'still',
      animations: [],
      continues: false,
    });
  });

  it('a new run is still', () => {
    expect(planStep(new Map(), helloLog.slice(0, momentOfStep(moments, 1))).motion).toBe('still');
  });

  it('a later batch of the step shown continues it, and the lesson’s own events move nothing', () => {
    const checked = after(helloLog, (e) => e.type === 'syscall.exit' && e.syscall === 'bind');
    const plan = planStep(basesOf(viewAt(helloLog, checked).sockets), helloLog.slice(checked, ready(helloLog, 2)));
    expect(plan.continues).toBe(true);
    expect(kinds(plan.animations)).toEqual(['address.attach']);
    const tail = planStep(
      basesOf(viewAt(helloLog, checked + 2).sockets),
      helloLog.slice(checked + 2, ready(helloLog, 2)),
    );
    expect(tail).toEqual({ motion: 'play', animations: [], continues: true });
  });
});
