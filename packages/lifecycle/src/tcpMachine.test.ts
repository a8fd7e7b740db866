import { type TcpState, tcpStates } from '@socklab/protocol';
import { getShortestPaths, getSimplePaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { createActor, getNextSnapshot } from 'xstate';
import {
  isTcpTransition,
  type TcpEvent,
  TcpEventType,
  tcpMachine,
  tcpPath,
  tcpTransitions,
  transitionKey,
} from './tcpMachine.ts';

const allEvents: readonly TcpEvent[] = Object.values(TcpEventType).map((type) => ({ type }));

function snapshotIn(state: TcpState, passive: boolean) {
  return tcpMachine.resolveState({ value: state, context: { passive } });
}

describe('tcpMachine paths', () => {
  it('reaches all eleven states from CLOSED', () => {
    const reached = new Set(getShortestPaths(tcpMachine, { events: allEvents }).map((p) => p.state.value));
    expect(reached.size).toBe(11);
    expect([...reached].sort()).toEqual([...tcpStates].sort());
  });

  it('follows only table transitions on every simple path', () => {
    const paths = getSimplePaths(tcpMachine, {
      events: allEvents,
      serializeState: (s) => JSON.stringify(s.value),
    });
    expect(paths.length).toBeGreaterThan(11);
    for (const path of paths) {
      for (const [i, step] of path.steps.entries()) {
        const before = path.steps[i - 1]?.state.value;
        if (before === undefined) {
          expect(step.state.value).toBe('CLOSED');
          continue;
        }
        expect(
          tcpTransitions.some((t) => t.from === before && t.to === step.state.value && t.event === step.event.type),
        ).toBe(true);
      }
    }
  });

  it('reaches TIME_WAIT by the active close and CLOSED again after 2MSL', () => {
    const actor = createActor(tcpMachine).start();
    for (const type of ['tcp.active_open', 'tcp.rcv_syn_ack', 'tcp.close', 'tcp.rcv_ack', 'tcp.rcv_fin'] as const) {
      actor.send({ type });
    }
    expect(actor.getSnapshot().value).toBe('TIME_WAIT');
    actor.send({ type: 'tcp.timeout' });
    expect(actor.getSnapshot().value).toBe('CLOSED');
  });
});

describe('tcpTransitions', () => {
  it('covers all eleven states as sources and targets', () => {
    expect(new Set(tcpTransitions.map((t) => t.from))).toEqual(new Set(tcpStates));
    expect(new Set(tcpTransitions.map((t) => t.to))).toEqual(new Set(tcpStates));
  });

  it('draws the 20 arrows of RFC 9293 Figure 5', () => {
    const arrows = tcpTransitions.filter((t) => t.figure).map((t) => `${t.from}>${t.to}`);
    expect(arrows.sort()).toEqual(
      [
        'CLOSED>LISTEN',
        'CLOSED>SYN_SENT',
        'LISTEN>SYN_RECEIVED',
        'LISTEN>SYN_SENT',
        'LISTEN>CLOSED',
        'SYN_SENT>SYN_RECEIVED',
        'SYN_SENT>ESTABLISHED',
        'SYN_SENT>CLOSED',
        'SYN_RECEIVED>ESTABLISHED',
        'SYN_RECEIVED>FIN_WAIT_1',
        'SYN_RECEIVED>LISTEN',
        'ESTABLISHED>FIN_WAIT_1',
        'ESTABLISHED>CLOSE_WAIT',
        'FIN_WAIT_1>FIN_WAIT_2',
        'FIN_WAIT_1>CLOSING',
        'FIN_WAIT_2>TIME_WAIT',
        'CLOSE_WAIT>LAST_ACK',
        'CLOSING>TIME_WAIT',
        'LAST_ACK>CLOSED',
        'TIME_WAIT>CLOSED',
      ].sort(),
    );
  });

  it('is exactly what the machine does', () => {
    for (const from of tcpStates) {
      for (const passive of [true, false]) {
        for (const event of allEvents) {
          const to = getNextSnapshot(tcpMachine, snapshotIn(from, passive), event).value;
          const rows = tcpTransitions.filter(
            (t) =>
              t.from === from &&
              t.event === event.type &&
              (t.when === undefined || t.when === (passive ? 'after_passive_open' : 'after_active_open')),
          );
          expect(rows.length).toBeLessThanOrEqual(1);
          expect(to).toBe(rows[0]?.to ?? from);
        }
      }
    }
  });

  it('labels every transition in English and Korean', () => {
    for (const t of tcpTransitions) {
      expect(transitionKey(t)).toMatch(/^[A-Z_0-9]+-[A-Z_0-9]+-[a-z_]+$/);
      expect(t.section).toMatch(/^§3\./);
    }
  });

  it('returns a reset half-open connection to LISTEN only after a passive open', () => {
    const passive = createActor(tcpMachine).start();
    for (const type of ['tcp.passive_open', 'tcp.rcv_syn', 'tcp.rcv_rst'] as const) passive.send({ type });
    expect(passive.getSnapshot().value).toBe('LISTEN');
    const active = createActor(tcpMachine).start();
    for (const type of ['tcp.active_open', 'tcp.rcv_syn', 'tcp.rcv_rst'] as const) active.send({ type });
    expect(active.getSnapshot().value).toBe('CLOSED');
  });
});

describe('isTcpTransition', () => {
  it('accepts single transitions', () => {
    expect(isTcpTransition('SYN_SENT', 'ESTABLISHED')).toBe(true);
    expect(isTcpTransition('ESTABLISHED', 'CLOSE_WAIT')).toBe(true);
    expect(isTcpTransition('FIN_WAIT_1', 'TIME_WAIT')).toBe(true);
    expect(isTcpTransition('ESTABLISHED', 'CLOSED')).toBe(true);
  });

  it('rejects skipped states, reversed arrows and no change', () => {
    expect(isTcpTransition('LISTEN', 'ESTABLISHED')).toBe(false);
    expect(isTcpTransition('SYN_SENT', 'FIN_WAIT_2')).toBe(false);
    expect(isTcpTransition('ESTABLISHED', 'SYN_SENT')).toBe(false);
    expect(isTcpTransition('ESTABLISHED', 'ESTABLISHED')).toBe(false);
  });

  it('throws with the bad value', () => {
    expect(() => isTcpTransition('SYN_RCVD' as TcpState, 'ESTABLISHED')).toThrow(/"SYN_RCVD"/);
  });
});

describe('tcpPath', () => {
  it('goes LISTEN → SYN_RECEIVED → ESTABLISHED', () => {
    expect(tcpPath('LISTEN', 'ESTABLISHED')).toEqual(['LISTEN', 'SYN_RECEIVED', 'ESTABLISHED']);
  });

  it('finds the shortest way', () => {
    expect(tcpPath('CLOSED', 'ESTABLISHED')).toEqual(['CLOSED', 'SYN_SENT', 'ESTABLISHED']);
    expect(tcpPath('ESTABLISHED', 'TIME_WAIT')).toEqual(['ESTABLISHED', 'FIN_WAIT_1', 'TIME_WAIT']);
    expect(tcpPath('CLOSE_WAIT', 'CLOSED')).toEqual(['CLOSE_WAIT', 'CLOSED']);
    expect(tcpPath('SYN_SENT', 'SYN_SENT')).toEqual(['SYN_SENT']);
  });

  it('connects every pair of states, each step a transition', () => {
    for (const from of tcpStates) {
      for (const to of tcpStates) {
        const path = tcpPath(from, to);
        expect(path?.[0]).toBe(from);
        expect(path?.at(-1)).toBe(to);
        for (let i = 1; i < (path?.length ?? 0); i++) {
          expect(isTcpTransition(path?.[i - 1] as TcpState, path?.[i] as TcpState)).toBe(true);
        }
      }
    }
  });

  it('takes no RST transition with { reset: false }', () => {
    // RFC 9293 §3.10.7: without an RST, CLOSE_WAIT reaches CLOSED through LAST_ACK.
    expect(tcpPath('CLOSE_WAIT', 'CLOSED', { reset: false })).toEqual(['CLOSE_WAIT', 'LAST_ACK', 'CLOSED']);
    expect(tcpPath('ESTABLISHED', 'CLOSED', { reset: false })).toEqual([
      'ESTABLISHED',
      'FIN_WAIT_1',
      'TIME_WAIT',
      'CLOSED',
    ]);
    expect(tcpPath('SYN_RECEIVED', 'LISTEN')).toEqual(['SYN_RECEIVED', 'LISTEN']);
    expect(tcpPath('SYN_RECEIVED', 'LISTEN', { reset: false })).toHaveLength(5);
    expect(tcpPath('LISTEN', 'ESTABLISHED', { reset: false })).toEqual(tcpPath('LISTEN', 'ESTABLISHED'));
    for (const from of tcpStates) {
      for (const to of tcpStates) {
        const path = tcpPath(from, to, { reset: false }) ?? [];
        for (let i = 1; i < path.length; i++) {
          const step = tcpTransitions.filter((t) => t.from === path[i - 1] && t.to === path[i]);
          expect(step.some((t) => t.event !== TcpEventType.rcv_rst)).toBe(true);
        }
      }
    }
  });

  it('throws with the bad value', () => {
    expect(() => tcpPath('LISTEN', 'ESTAB' as TcpState)).toThrow(/"ESTAB"/);
  });
});
