import type { SocklabEvent } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { cPrograms, cString } from './cProgram.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
let seq = 0;
const base = () => ({ seq: seq++, t: 0 });
const enter = (callId: number, actor: string, socket: string | null, call: object) =>
  ({ ...base(), type: 'syscall.enter', callId, actor, socket, call }) as SocklabEvent;
const exit = (callId: number, actor: string, syscall: string, ret: number, extra: object = {}) =>
  ({
    ...base(),
    type: 'syscall.exit',
    callId,
    actor,
    syscall,
    socket: null,
    ret,
    errno: ret < 0 ? { name: 'EINVAL', code: 22, message: 'Invalid argument' } : null,
    blocked: false,
    durationMs: 0,
    impl: '',
    ...extra,
  }) as SocklabEvent;

describe('cPrograms (issue 11 item 6: the playground writes the C program)', () => {
  it('escapes quotes, backslashes and control bytes, keeps UTF-8 text', () => {
    expect(cString(bytes('say "hi"\\\n\0'))).toBe('say \\"hi\\"\\\\\\012\\000');
    expect(cString(bytes('안녕'))).toBe('안녕');
    expect(cString(Uint8Array.of(0xff, 0x41))).toBe('\\377A');
  });

  it('one program per actor; a failed call is made again and perror says why; a blocked accept is still there', () => {
    const log = [
      enter(1, 'server', null, { syscall: 'socket', domain: 'PF_INET', type: 'SOCK_STREAM', protocol: 0 }),
      exit(1, 'server', 'socket', 21, { created: 'sock-1' }),
      enter(2, 'server', 'sock-1', { syscall: 'accept', fd: 21 }),
      exit(2, 'server', 'accept', -1),
      enter(3, 'client', null, {
        syscall: 'socket',
        domain: 'PF_INET',
        type: 'SOCK_STREAM|SOCK_NONBLOCK',
        protocol: 0,
      }),
      exit(3, 'client', 'socket', 22, { created: 'sock-2' }),
      enter(4, 'server', 'sock-1', { syscall: 'listen', fd: 21, backlog: 5 }),
      exit(4, 'server', 'listen', 0),
      enter(5, 'server', 'sock-1', { syscall: 'accept', fd: 21 }),
    ];
    const [server, client] = cPrograms(log);
    expect(server?.file).toBe('server.c');
    expect(server?.calls).toBe(4);
    expect(server?.source).toContain('server_socket = socket(PF_INET, SOCK_STREAM, 0);');
    expect(server?.source).toContain('if (-1 == client_socket) perror("accept");');
    expect(server?.source).toContain('client_socket_2 = accept(server_socket,');
    expect(server?.source).toContain('ret = listen(server_socket, 5);');
    expect(client?.source).toContain('sock = socket(PF_INET, SOCK_STREAM|SOCK_NONBLOCK, 0);');
  });

  it('names a socket as the server does when it names it, and starts again at lesson.start', () => {
    const state = { ...base(), type: 'socket.state', socket: 'sock-9', actor: 'server', name: 'listen_fd' };
    const log = [
      enter(1, 'a', null, { syscall: 'socket', domain: 'PF_INET', type: 'SOCK_STREAM', protocol: 0 }),
      { ...base(), type: 'lesson.start' },
      enter(2, 'server', null, { syscall: 'socket', domain: 'PF_INET', type: 'SOCK_STREAM', protocol: 0 }),
      exit(2, 'server', 'socket', 3, { created: 'sock-9' }),
      state,
    ] as SocklabEvent[];
    const programs = cPrograms(log);
    expect(programs.map((p) => p.actor)).toEqual(['server']);
    expect(programs[0]?.source).toContain('listen_fd = socket(');
  });
});
