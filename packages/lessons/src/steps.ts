import { lineOf } from './programs.ts';
import type { Program, Step } from './types.ts';

/**
 * The server's first three steps in most lessons: socket(), bind() to the
 * lesson's port on 127.0.0.1, listen(fd, 5), on the lines of `program` that
 * make those calls (variable `server_socket`).
 *
 * @example
 * steps: [...serverSetup(echoServer), { actor: 'server', call: { syscall: 'accept', … } }]
 */
export function serverSetup(program: Program): Step[] {
  const line = (needle: string) => lineOf(program, needle);
  return [
    {
      actor: 'server',
      call: { syscall: 'socket', as: 'server_socket', role: 'listener' },
      line: line('socket(PF_INET'),
      narration: { ko: '서버 소켓 생성.', en: 'Create the server socket.' },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'server',
      call: { syscall: 'bind', socket: 'server_socket', host: '127.0.0.1', port: '$port' },
      line: line('bind('),
      narration: { ko: 'bind(): 포트를 결합합니다.', en: 'bind(): take the port.' },
      expect: { ret: 0, errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'server',
      call: { syscall: 'listen', socket: 'server_socket', backlog: 5 },
      line: line('listen('),
      narration: {
        ko: 'listen(): LISTEN 상태가 되어 연결 요청을 받습니다.',
        en: 'listen(): LISTEN, taking connection requests.',
      },
      expect: { ret: 0, errno: null, tcp: 'LISTEN', acceptQueue: 0 },
    },
  ];
}
