import { Lab } from '@socklab/kernel';
import { type ApiEvent, apiStateAfter } from '@socklab/lifecycle';
import { afterEach, describe, expect, it } from 'vitest';
import { collectGarbage } from '../testing/harness.ts';
import { LabSockets } from './sockets.ts';

let sockets: LabSockets | undefined;
afterEach(() => {
  sockets = undefined;
});

const exit = (
  syscall: 'bind' | 'listen' | 'connect' | 'close',
  ret: number,
  errno: string | null = null,
): ApiEvent => ({
  type: 'syscall.exit',
  syscall,
  ret,
  errno: errno === null ? null : { name: errno },
});

const MiB = 1024 * 1024;

describe('LabSockets keeps a bounded state per socket (SECURITY.md #12)', () => {
  it('SECURITY 12: 200,000 calls on one socket hold no history; it still becomes a listener in the state its calls give', () => {
    sockets = new LabSockets(new Lab({}), () => {});
    sockets.track({ id: 'sock-1', actor: 'playground', role: 'client', name: null });
    const calls: ApiEvent[] = [];
    const record = (event: ApiEvent) => {
      sockets?.record('sock-1', event);
      calls.push(event);
    };
    record(exit('bind', -1, 'EADDRINUSE'));
    collectGarbage();
    const heap = process.memoryUsage().heapUsed;
    // Fresh objects, as the call engine makes one per call.
    for (let i = 0; i < 200_000; i++) sockets.record('sock-1', exit('bind', -1, 'EADDRINUSE'));
    collectGarbage();
    const grown = process.memoryUsage().heapUsed - heap;
    expect(grown, `heap grew ${(grown / MiB).toFixed(1)} MiB over 200,000 calls`).toBeLessThan(2 * MiB);
    expect(sockets.machines('sock-1')).toBe(2);

    record(exit('bind', 0));
    sockets.becomeListener('sock-1');
    record(exit('listen', 0));
    expect(sockets.get('sock-1')?.role).toBe('listener');
    expect(sockets.apiState('sock-1')).toBe(apiStateAfter('listener', calls));
    expect(sockets.apiState('sock-1')).toBe('listening');
    expect(sockets.machines('sock-1')).toBe(1);
  });

  it('a socket that connected or was accepted runs one machine, and cannot become a listener', () => {
    sockets = new LabSockets(new Lab({}), () => {});
    sockets.track({ id: 'sock-1', actor: 'client', role: 'client', name: 'client_socket' });
    sockets.track({ id: 'sock-2', actor: 'server', role: 'connection', name: 'client_fd' });
    expect(sockets.machines('sock-1')).toBe(2);
    expect(sockets.machines('sock-2')).toBe(1);
    sockets.record('sock-1', exit('connect', 0));
    expect(sockets.machines('sock-1')).toBe(1);
    sockets.becomeListener('sock-1');
    sockets.becomeListener('sock-2');
    expect(sockets.get('sock-1')?.role).toBe('client');
    expect(sockets.get('sock-2')?.role).toBe('connection');
    expect(sockets.apiState('sock-1')).toBe(apiStateAfter('client', [exit('connect', 0)]));
  });
});
