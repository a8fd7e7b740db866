import type { SocklabEvent } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { sessionFigure } from './figure.ts';
import { figureModel } from './figureModel.ts';
import { echoLog, handshakeLog } from './recordings.fixture.ts';

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');

describe('sessionFigure', () => {
  it('draws a recorded handshake: its sockets by C variable, the calls with results, the packets with flags', () => {
    const svg = sessionFigure(handshakeLog, { lang: 'en' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const words = texts(svg);
    expect(words).toContain('The handshake is done before accept()');
    for (const name of ['server_socket', 'client_socket', 'sock']) expect(words).toContain(name);
    for (const flags of ['SYN', 'SYN-ACK', 'ACK', 'FIN-ACK']) expect(words).toContain(flags);
    for (const call of ['socket()', 'bind()', 'listen()', 'accept()', 'connect()', 'close()'])
      expect(words).toContain(call);
    for (const state of ['LISTEN', 'ESTABLISHED', 'TIME_WAIT']) expect(words).toContain(state);
    const hello = handshakeLog.find((e) => e.type === 'session.hello');
    expect(words.some((w) => hello?.type === 'session.hello' && w.includes(hello.platform.release))).toBe(true);
  });

  it('speaks Korean from the i18n files, with no raw keys', () => {
    const svg = sessionFigure(echoLog, { lang: 'ko' });
    const words = texts(svg).join('\n');
    expect(words).toContain('1단계');
    expect(words).toContain('커널이 알려 준 TCP 상태');
    expect(words).not.toMatch(/figure\.|role\.|endpoint\./);
  });

  it('SECURITY.md #9: recorded text is escaped, never markup', () => {
    const hostile = handshakeLog.map(
      (e): SocklabEvent =>
        e.type === 'session.hello' ? { ...e, platform: { ...e.platform, release: '<script>alert(1)</script>' } } : e,
    );
    const svg = sessionFigure(hostile, { lang: 'en' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&#60;script&#62;');
  });

  it('a log without packets says so, with the reason capture was off', () => {
    const noCapture = handshakeLog
      .filter((e) => e.type !== 'packet')
      .map(
        (e): SocklabEvent =>
          e.type === 'session.hello'
            ? { ...e, capabilities: { ...e.capabilities, capture: { available: false, reason: 'needs CAP_NET_RAW' } } }
            : e,
      );
    expect(texts(sessionFigure(noCapture, { lang: 'en' }))).toContain('No packets were captured: needs CAP_NET_RAW');
  });
});

describe('figureModel', () => {
  it('the accepted connection is ESTABLISHED in the kernel before accept() gives it an fd, as the kernel reported', () => {
    const { rows, columns } = figureModel(handshakeLog);
    expect(rows.map((r) => r.name)).toEqual(['server_socket', 'client_socket', 'sock']);
    const accepted = rows[1]!.spans.filter((s) => s.state === 'ESTABLISHED');
    expect(accepted.map((s) => s.noFd)).toEqual([true, false]);
    const accept = columns.find((c) => c.call?.syscall === 'accept');
    expect(accepted[0]!.fromSeq).toBeLessThan(accept!.seq);
    // The SYN goes to the listener; SYN-ACK and ACK between the two ends of the connection.
    const connect = columns.find((c) => c.call?.syscall === 'connect')!;
    const keys = new Map(rows.map((r) => [r.key, r.name]));
    expect(connect.packets.map((p) => [p.packet.flags.join(','), keys.get(p.from!), keys.get(p.to!)])).toEqual([
      ['SYN', 'sock', 'server_socket'],
      ['SYN,ACK', 'client_socket', 'sock'],
      ['ACK', 'sock', 'client_socket'],
    ]);
  });
});
