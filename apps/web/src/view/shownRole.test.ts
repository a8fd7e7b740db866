import { describe, expect, it } from 'vitest';
import { shownRole } from './shownRole.ts';

describe('shownRole', () => {
  it('a playground socket has no role until connect() or listen() gives it one', () => {
    expect(shownRole({ role: 'client', name: null, api: 'created' })).toBe('undecided');
    expect(shownRole({ role: 'client', name: null, api: 'bound' })).toBe('undecided');
    expect(shownRole({ role: 'client', name: null, api: 'connected' })).toBe('client');
    expect(shownRole({ role: 'listener', name: null, api: 'listening' })).toBe('listener');
  });

  it("a lesson's socket keeps the role its C program gives it from socket() on", () => {
    expect(shownRole({ role: 'client', name: 'client_socket', api: 'created' })).toBe('client');
    expect(shownRole({ role: 'connection', name: 'client_socket', api: 'connected' })).toBe('connection');
  });
});
