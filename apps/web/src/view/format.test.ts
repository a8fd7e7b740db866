import { describe, expect, it } from 'vitest';
import { formatTimer, shortAddress, tokenizeC } from './format.ts';

describe('tokenizeC', () => {
  it('marks the lesson’s default port, and only it, as the port token', () => {
    const tokens = tokenizeC('    server_addr.sin_port = htons(4000); char buf[1024];', 4000);
    expect(tokens.filter((t) => t.kind === 'port')).toEqual([{ kind: 'port', text: '4000' }]);
    expect(tokens.find((t) => t.text === '1024')?.kind).toBe('number');
    expect(tokenizeC('htons(4000);', null).some((t) => t.kind === 'port')).toBe(false);
  });

  it('keeps every character of the line, in order', () => {
    const line = '    if (-1 == bind(server_socket, (struct sockaddr*)&a, sizeof(a))) // "x"';
    expect(
      tokenizeC(line, 4000)
        .map((t) => t.text)
        .join(''),
    ).toBe(line);
  });
});

describe('formatTimer', () => {
  it('shows the kind and the seconds left, like ss -o', () => {
    expect(formatTimer({ kind: 'off', expiresMs: 0, retrans: 0 })).toBeNull();
    expect(formatTimer({ kind: 'timewait', expiresMs: 58_213, retrans: 0 })).toBe('timewait 58.2s');
    expect(formatTimer({ kind: 'on', expiresMs: 200, retrans: 2 })).toBe('on 0.2s ×2');
  });
});

describe('shortAddress', () => {
  it('keeps only the port of a loopback IPv4 address', () => {
    expect(shortAddress({ family: 'inet', host: '127.0.0.1', port: 4000 })).toBe(':4000');
    expect(shortAddress({ family: 'inet6', host: '::1', port: 4000 })).toBe('[::1]:4000');
    expect(shortAddress(null)).toBeNull();
  });
});
