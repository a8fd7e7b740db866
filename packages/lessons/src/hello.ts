import { helloClient, helloServer, lineOf, seedCorrections } from './programs.ts';
import type { Lesson } from './types.ts';

const s = (needle: string, nth?: number) => lineOf(helloServer, needle, nth);
const c = (needle: string) => lineOf(helloClient, needle);

/** The seed's complete client against the matching server, which greets it after accept(). */
export const hello: Lesson = {
  id: 'hello',
  chapter: { ko: '1장. 소켓의 일생', en: '1. A socket’s life' },
  title: { ko: '서버와 클라이언트의 첫 인사', en: 'Hello: a server greets its client' },
  summary: {
    ko: '튜토리얼의 클라이언트 전체 코드를 그대로 실행합니다. 서버는 socket → bind → listen → accept 후 인사말을 보냅니다.',
    en: 'The tutorial’s complete client, run as is, against a server that goes socket → bind → listen → accept and sends a greeting.',
  },
  port: 4000,
  programs: [helloServer, helloClient],
  corrections: seedCorrections,
  steps: [
    {
      actor: 'server',
      call: { syscall: 'socket', as: 'server_socket', role: 'listener' },
      line: s('socket(PF_INET'),
      narration: {
        ko: '소켓을 생성합니다. 커널은 새 파일 디스크립터 번호를 돌려줍니다. 생성된 소켓에는 아직 연결 대상 정보가 들어 있지 않습니다.',
        en: 'Create a socket. The kernel returns a new file descriptor. The socket has no address and no peer yet.',
      },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'server',
      call: { syscall: 'bind', socket: 'server_socket', host: '127.0.0.1', port: '$port' },
      line: s('bind('),
      narration: {
        ko: '바인드: 소켓에 고유 주소(IP와 포트 번호)를 할당합니다. 포트 번호는 프로세스마다 구별되어야 하므로, 이미 쓰이는 포트라면 커널이 EADDRINUSE로 거절합니다.',
        en: 'bind(): give the socket its own address (IP and port). Ports must be distinct, so if the port is taken the kernel refuses with EADDRINUSE.',
      },
      expect: { ret: 0, errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'server',
      call: { syscall: 'listen', socket: 'server_socket', backlog: 5 },
      line: s('listen('),
      narration: {
        ko: 'listen(): 클라이언트의 연결 요청을 받을 수 있는 대기 상태로 바꿉니다. 커널의 TCP 상태가 LISTEN이 되고, 완료된 연결이 쌓일 큐(backlog 5)가 생깁니다.',
        en: 'listen(): the socket now waits for connection requests. The kernel’s TCP state becomes LISTEN, with a queue (backlog 5) for completed connections.',
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
        ko: 'accept(): 대기 큐가 비어 있으므로 서버는 여기서 멈춰(블록) 클라이언트를 기다립니다. 연결이 들어오면 새 소켓을 만들어 돌려줍니다.',
        en: 'accept(): the queue is empty, so the server blocks here until a client arrives; then it returns a new socket for that client.',
      },
      expect: { ret: 'fd', errno: null, blocks: true, tcp: 'ESTABLISHED' },
    },
    {
      actor: 'client',
      call: { syscall: 'socket', as: 'sock', role: 'client' },
      line: c('int sock=socket('),
      narration: {
        ko: '클라이언트도 소켓을 생성합니다. 클라이언트는 bind()를 하지 않습니다: connect() 때 커널이 임시 포트를 골라 줍니다.',
        en: 'The client creates its socket too. It never calls bind(): the kernel picks an ephemeral port at connect().',
      },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'client',
      call: { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      line: c('if(connect('),
      narration: {
        ko: 'connect(): 서버의 주소로 연결을 요청합니다. 커널끼리 3-way 핸드셰이크(SYN, SYN-ACK, ACK)를 마치면 0을 돌려주고, 기다리던 서버의 accept()도 깨어납니다.',
        en: 'connect(): ask the server’s address for a connection. The kernels complete the three-way handshake (SYN, SYN-ACK, ACK), connect() returns 0 and the waiting accept() wakes up.',
      },
      expect: { ret: 0, errno: null, tcp: 'ESTABLISHED', packets: ['SYN', 'SYN,ACK', 'ACK'] },
    },
    {
      actor: 'server',
      call: { syscall: 'write', socket: 'client_socket', data: { text: 'Hello World!', nul: true } },
      line: s('write('),
      narration: {
        ko: 'write(): accept()가 만든 새 소켓으로 인사말을 보냅니다. sizeof(message)는 끝의 NULL 문자까지 세므로 13바이트입니다.',
        en: 'write(): send the greeting on the new socket from accept(). sizeof(message) counts the trailing NUL: 13 bytes.',
      },
      expect: { ret: 13, errno: null, tcp: 'ESTABLISHED', packets: ['PSH,ACK'] },
    },
    {
      actor: 'client',
      call: {
        syscall: 'read',
        socket: 'sock',
        size: 29,
        into: 'message',
        print: 'Message from server: %s \n',
      },
      line: c('str_len=read('),
      narration: {
        ko: 'read(): 최대 29바이트(sizeof(message)-1)를 읽습니다. 튜토리얼 주석과 달리, 성공하면 0이 아니라 읽은 바이트 수를 돌려줍니다.',
        en: 'read(): read at most 29 bytes (sizeof(message)-1). Despite the tutorial’s comment, success returns the number of bytes read, not 0.',
      },
      expect: { ret: 13, errno: null, text: 'Hello World!\\0' },
    },
    {
      actor: 'client',
      call: { syscall: 'close', socket: 'sock' },
      line: c('close(sock)'),
      narration: {
        ko: '통신이 끝났으므로 클라이언트 소켓을 닫습니다. 먼저 닫은 쪽이 FIN을 보내고, 나중에 TIME_WAIT 상태로 남습니다.',
        en: 'Done: the client closes its socket. The side that closes first sends FIN and later waits in TIME_WAIT.',
      },
      expect: { ret: 0, errno: null, packets: ['FIN,ACK'], table: [{ state: 'CLOSE_WAIT', fd: true, side: 'server' }] },
    },
    {
      actor: 'server',
      call: { syscall: 'close', socket: 'client_socket' },
      line: s('close(client_socket)'),
      narration: {
        ko: '서버는 자신이 만든 소켓(accept()가 돌려준 소켓)도 관리해야 합니다. 이 연결을 닫습니다.',
        en: 'The server must also manage the sockets it created: close the one accept() returned.',
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
      narration: {
        ko: '마지막으로 듣기(listen) 소켓을 닫습니다. 이제 이 포트로는 연결할 수 없습니다.',
        en: 'Finally close the listening socket: the port no longer accepts connections.',
      },
      expect: { ret: 0, errno: null },
    },
  ],
};
