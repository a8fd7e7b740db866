import { describe, expect, it } from 'vitest';
import { emptyDraft, nextActor, toPlaygroundCall } from './callForm.ts';

describe('toPlaygroundCall', () => {
  it('builds a listen call', () => {
    expect(toPlaygroundCall({ ...emptyDraft(), syscall: 'listen', socket: 'sock-1', backlog: '5' })).toEqual({
      ok: true,
      call: { syscall: 'listen', socket: 'sock-1', backlog: 5 },
    });
  });

  it('builds socket() without a socket', () => {
    expect(toPlaygroundCall({ ...emptyDraft(), syscall: 'socket', nonblocking: true })).toEqual({
      ok: true,
      call: { syscall: 'socket', nonblocking: true },
    });
  });

  it('refuses a port outside 0–65535 and a missing socket', () => {
    const result = toPlaygroundCall({ ...emptyDraft(), syscall: 'bind', port: '70000' });
    expect(result).toEqual({
      ok: false,
      invalid: [
        { field: 'socket', reason: 'missing' },
        { field: 'port', reason: 'range' },
      ],
    });
  });

  it('refuses non-integers', () => {
    const result = toPlaygroundCall({ ...emptyDraft(), syscall: 'read', socket: 'sock-1', size: '1.5' });
    expect(result.ok).toBe(false);
  });

  it('keeps the write text and NUL', () => {
    const result = toPlaygroundCall({ ...emptyDraft(), syscall: 'write', socket: 's', text: '<b>', nul: true });
    expect(result).toEqual({ ok: true, call: { syscall: 'write', socket: 's', text: '<b>', nul: true } });
  });
});

describe('nextActor', () => {
  it('adds clients before servers and stops when all are there', () => {
    expect(nextActor(['server', 'client'])).toBe('client2');
    expect(nextActor(['server', 'client', 'client2', 'client3', 'client4', 'server2', 'server3'])).toBeNull();
  });
});
