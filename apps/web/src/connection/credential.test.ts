import { describe, expect, it } from 'vitest';
import { sessionCheckUrl } from './credential.ts';

// What the server answers there is tested in apps/server/src/credential.test.ts, and the whole path in e2e/chaos.spec.ts.
describe('sessionCheckUrl', () => {
  it('asks /api/session with the WebSocket address’s token, or with the cookie when it has none', () => {
    expect(sessionCheckUrl('ws://127.0.0.1:7077/ws?token=abc')).toBe('http://127.0.0.1:7077/api/session?token=abc');
    expect(sessionCheckUrl('wss://127.0.0.1:7077/ws')).toBe('https://127.0.0.1:7077/api/session');
  });
});
