import { echoClient, echoServer, lineOf, seedCorrections } from './programs.ts';
import type { Lesson } from './types.ts';

const s = (needle: string) => lineOf(echoServer, needle);
const c = (needle: string) => lineOf(echoClient, needle);

/** The message the echo client sends as argv[1]. */
export const echoMessage = 'Hello, socket';

/** The seed's server fragment: read a message, answer "%d : %s" (length : message). */
export const echo: Lesson = {
  id: 'echo',
  chapter: { ko: '1장. 소켓의 일생', en: '1. A socket’s life' },
  title: { ko: '메시지 길이를 돌려주는 서버', en: 'Echo: the server answers “length : message”' },
  summary: {
    ko: '튜토리얼의 서버 코드 조각: 클라이언트가 보낸 문자열(NULL 포함)을 읽고, "%d : %s" 형식으로 길이와 함께 돌려줍니다.',
    en: 'The tutorial’s server fragment: read the client’s string (with its NUL) and answer "%d : %s", its length and the string.',
  },
  port: 4000,
  programs: [echoServer, echoClient],
  corrections: seedCorrections,
  steps: [
    {
      actor: 'server',
      call: { syscall: 'socket', as: 'server_socket', role: 'listener' },
      line: s('socket(PF_INET'),
      narration: {
        ko: '서버 소켓 생성: socket()은 새 파일 디스크립터를, 실패하면 -1을 돌려줍니다.',
        en: 'Create the server socket: socket() returns a new file descriptor, or -1 on failure.',
      },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'server',
      call: { syscall: 'bind', socket: 'server_socket', host: '127.0.0.1', port: '$port' },
      line: s('bind('),
      narration: {
        ko: 'bind(): 구조체 sockaddr_in에 IP 주소와 포트 번호를 담아 소켓에 결합합니다. 커널이 이 주소로 외부와 통신할 수 있게 됩니다.',
        en: 'bind(): the sockaddr_in holding the IP address and port is bound to the socket, so the kernel can reach it at that address.',
      },
      expect: { ret: 0, errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'server',
      call: { syscall: 'listen', socket: 'server_socket', backlog: 5 },
      line: s('listen('),
      narration: {
        ko: 'listen(): 접속 요청을 수신할 수 있도록 설정합니다. 성공 시 0, 실패 시 -1을 돌려줍니다.',
        en: 'listen(): start accepting connection requests. Returns 0 on success, -1 on failure.',
      },
      expect: {
        ret: 0,
        errno: null,
        tcp: 'LISTEN',
        acceptQueue: 0,
        table: [{ state: 'LISTEN', fd: true, side: 'server' }],
      },
    },
    {
      actor: 'server',
      call: { syscall: 'accept', socket: 'server_socket', as: 'client_socket' },
      line: s('accept('),
      narration: {
        ko: 'accept(): 접속 요청을 기다립니다(블록). 요청을 받아들이면 통신을 위한 새로운 소켓을 만들어 돌려줍니다.',
        en: 'accept(): wait (block) for a connection request; accepting it creates a new socket for the conversation.',
      },
      expect: { ret: 'fd', errno: null, blocks: true, tcp: 'ESTABLISHED' },
    },
    {
      actor: 'client',
      call: { syscall: 'socket', as: 'client_socket', role: 'client' },
      line: c('socket(PF_INET'),
      narration: {
        ko: '클라이언트 소켓 생성.',
        en: 'Create the client socket.',
      },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'client',
      call: { syscall: 'connect', socket: 'client_socket', host: '127.0.0.1', port: '$port' },
      line: c('connect('),
      narration: {
        ko: 'connect(): 서버에 연결을 시도합니다. 연결 성공 시 0, 실패 시 -1을 돌려줍니다. 서버의 accept()가 새 소켓을 돌려주며 깨어납니다.',
        en: 'connect(): try to reach the server; 0 on success, -1 on failure. The server’s accept() wakes up with a new socket.',
      },
      expect: { ret: 0, errno: null, tcp: 'ESTABLISHED', packets: ['SYN', 'SYN,ACK', 'ACK'] },
    },
    {
      actor: 'server',
      call: { syscall: 'read', socket: 'client_socket', size: 1024, into: 'buff_rcv' },
      line: s('read(client_socket'),
      narration: {
        ko: 'read(): 아직 클라이언트가 아무것도 보내지 않았으므로 서버는 데이터가 올 때까지 블록됩니다.',
        en: 'read(): the client has sent nothing yet, so the server blocks until data arrives.',
      },
      expect: { ret: 14, errno: null, blocks: true, text: `Hello, socket\\0` },
    },
    {
      actor: 'client',
      call: { syscall: 'write', socket: 'client_socket', data: { text: 'Hello, socket', nul: true } },
      line: c('write('),
      narration: {
        ko: 'write(): argv[1]을 strlen(argv[1])+1 바이트, 즉 끝의 NULL까지 포함해 보냅니다. 기다리던 서버의 read()가 깨어납니다.',
        en: 'write(): send argv[1], strlen(argv[1])+1 bytes, the trailing NUL included. The server’s waiting read() wakes up.',
      },
      expect: { ret: 14, errno: null, packets: ['PSH,ACK'] },
    },
    {
      actor: 'server',
      call: { syscall: 'write', socket: 'client_socket', data: { sprintf: '%d : %s', from: 'buff_rcv', nul: true } },
      line: s('write('),
      narration: {
        ko: 'sprintf()로 받은 문자열의 길이와 내용을 "%d : %s" 형식으로 만들고, NULL까지 포함해 클라이언트로 보냅니다.',
        en: 'sprintf() formats "%d : %s", the received string’s length and the string, which is sent back with its NUL.',
      },
      expect: { ret: 19, errno: null, packets: ['PSH,ACK'] },
    },
    {
      actor: 'client',
      call: { syscall: 'read', socket: 'client_socket', size: 1024, into: 'buff', print: '%s\n' },
      line: c('read('),
      narration: {
        ko: 'read(): 서버의 답을 읽어 화면에 출력합니다.',
        en: 'read(): read the server’s answer and print it.',
      },
      expect: { ret: 19, errno: null, text: '13 : Hello, socket\\0' },
    },
    {
      actor: 'client',
      call: { syscall: 'close', socket: 'client_socket' },
      line: c('close('),
      narration: { ko: '클라이언트 소켓을 닫습니다.', en: 'Close the client socket.' },
      expect: { ret: 0, errno: null, packets: ['FIN,ACK'], table: [{ state: 'CLOSE_WAIT', fd: true, side: 'server' }] },
    },
    {
      actor: 'server',
      call: { syscall: 'close', socket: 'client_socket' },
      line: s('close(client_socket)'),
      narration: {
        ko: '통신이 완료되었으므로 클라이언트 소켓(연결 채널)을 소멸시킵니다.',
        en: 'The conversation is over: close the client’s socket (the connection).',
      },
      expect: {
        ret: 0,
        errno: null,
        packets: ['FIN,ACK', 'ACK'],
        table: [{ state: 'TIME_WAIT', fd: false, side: 'client' }],
      },
    },
    {
      actor: 'server',
      call: { syscall: 'close', socket: 'server_socket' },
      line: s('close(server_socket)'),
      narration: { ko: '서버 소켓을 닫습니다.', en: 'Close the server socket.' },
      expect: { ret: 0, errno: null },
    },
  ],
};
