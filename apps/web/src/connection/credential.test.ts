import { describe, expect, it } from 'vitest';
import { classAnswer, sessionCheckUrl } from './credential.ts';

// What the server answers there is tested in apps/server/src/credential.test.ts, and the whole path in e2e/chaos.spec.ts.
describe('sessionCheckUrl', () => {
  it('asks /api/session with the WebSocket address’s token, or with the cookie when it has none', () => {
    expect(sessionCheckUrl('ws://127.0.0.1:7077/ws?token=abc')).toBe('http://127.0.0.1:7077/api/session?token=abc');
    expect(sessionCheckUrl('wss://127.0.0.1:7077/ws')).toBe('https://127.0.0.1:7077/api/session');
  });

  it("asks a class page's /class/check with its whole query: the class listener has no /api", () => {
    expect(sessionCheckUrl('ws://127.0.0.2:7077/ws?view=v&seat=s&name=M')).toBe(
      'http://127.0.0.2:7077/class/check?view=v&seat=s&name=M',
    );
    expect(sessionCheckUrl('ws://127.0.0.2:7077/ws?lab=l')).toBe('http://127.0.0.2:7077/class/check?lab=l');
  });
});

describe('classAnswer', () => {
  it('SECURITY 28: maps each refusal of the class listener to where the page stops', () => {
    expect(classAnswer('ended')).toBe('ended');
    expect(classAnswer('join')).toBe('joinRefused');
    expect(classAnswer('lab')).toBe('labRefused');
    expect(classAnswer(undefined)).toBe('unreachable');
  });
});
