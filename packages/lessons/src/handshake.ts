import { cHeaders, lineOf } from './programs.ts';
import type { Lesson, Program } from './types.ts';

/** A server that is late to accept(): the kernel completes the handshake without it. */
export const handshakeServer: Program = {
  actor: 'server',
  file: 'late_server.c',
  title: { ko: '서버: ./late_server', en: 'server: ./late_server' },
  lines: [
    ...cHeaders,
    '',
    'int main(void)',
    '{',
    '    int server_socket, client_socket;',
    '    struct sockaddr_in server_addr, client_addr;',
    '    socklen_t client_addr_size = sizeof(client_addr);',
    '',
    '    server_socket = socket(PF_INET, SOCK_STREAM, 0);',
    '',
    '    memset(&server_addr, 0, sizeof(server_addr));',
    '    server_addr.sin_family      = AF_INET;',
    '    server_addr.sin_port        = htons({port});',
    '    server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);',
    '    bind(server_socket, (struct sockaddr*)&server_addr, sizeof(server_addr));',
    '',
    '    listen(server_socket, 5);',
    '',
    '    /* ... the server is busy elsewhere: it reaches accept() only later ... */',
    '    client_socket = accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);',
    '',
    '    close(client_socket);',
    '    close(server_socket);',
    '    return 0;',
    '}',
  ],
};

/** A client that connects and hangs up. */
export const handshakeClient: Program = {
  actor: 'client',
  file: 'knock_client.c',
  title: { ko: '클라이언트: ./knock_client', en: 'client: ./knock_client' },
  lines: [
    ...cHeaders,
    '',
    'int main(void)',
    '{',
    '    int sock;',
    '    struct sockaddr_in serv_addr;',
    '',
    '    sock = socket(PF_INET, SOCK_STREAM, 0);',
    '',
    '    memset(&serv_addr, 0, sizeof(serv_addr));',
    '    serv_addr.sin_family = AF_INET;',
    '    serv_addr.sin_port = htons({port});',
    '    serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");',
    '    connect(sock, (struct sockaddr*)&serv_addr, sizeof(serv_addr));',
    '',
    '    close(sock);',
    '    return 0;',
    '}',
  ],
};

const s = (needle: string) => lineOf(handshakeServer, needle);
const c = (needle: string) => lineOf(handshakeClient, needle);

/** The three-way handshake completes in the kernels, before the server calls accept(). */
export const handshake: Lesson = {
  id: 'handshake',
  chapter: { ko: '2장. 커널이 하는 일', en: '2. What the kernel does' },
  title: { ko: '3-way 핸드셰이크는 accept() 전에 끝난다', en: 'The handshake is done before accept()' },
  summary: {
    ko: '서버가 accept()를 부르기 전에 커널이 SYN, SYN-ACK, ACK를 주고받아 연결을 완성하고 대기 큐에 넣어 둡니다. accept()는 큐에서 꺼낼 뿐입니다.',
    en: 'Before the server calls accept(), the kernels exchange SYN, SYN-ACK, ACK, complete the connection and queue it; accept() only takes it from the queue.',
  },
  port: 4000,
  programs: [handshakeServer, handshakeClient],
  corrections: [],
  steps: [
    {
      actor: 'server',
      call: { syscall: 'socket', as: 'server_socket', role: 'listener' },
      line: s('socket(PF_INET'),
      narration: {
        ko: '소켓을 만듭니다. 아직 주소도 상대도 없는, 커널 안의 빈 TCP 소켓(CLOSED)입니다.',
        en: 'Create a socket: an empty TCP socket in the kernel (CLOSED), with no address and no peer.',
      },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'server',
      call: { syscall: 'bind', socket: 'server_socket', host: '127.0.0.1', port: '$port' },
      line: s('bind('),
      narration: {
        ko: 'bind() 후에도 TCP 상태는 CLOSED입니다. 하지만 커널의 소켓 표(ss)를 보면, 포트를 차지한 채 듣지는 않는 소켓이 보입니다.',
        en: 'After bind() the TCP state is still CLOSED, but the kernel’s socket table (ss) now lists a socket that holds the port without listening.',
      },
      expect: { ret: 0, errno: null, tcp: 'CLOSED', table: [{ state: 'CLOSED', fd: true, side: 'server' }] },
    },
    {
      actor: 'server',
      call: { syscall: 'listen', socket: 'server_socket', backlog: 5 },
      line: s('listen('),
      narration: {
        ko: 'listen(): LISTEN 상태. 커널의 표에서 Recv-Q는 대기 큐에 쌓인 연결 수(0), Send-Q는 backlog(5)입니다.',
        en: 'listen(): LISTEN. In the kernel’s table, Recv-Q is the number of queued connections (0) and Send-Q the backlog (5).',
      },
      expect: { ret: 0, errno: null, tcp: 'LISTEN', acceptQueue: 0 },
    },
    {
      actor: 'client',
      call: { syscall: 'socket', as: 'sock', role: 'client' },
      line: c('sock = socket('),
      narration: {
        ko: '클라이언트 소켓을 만듭니다. 서버는 아직 accept()에 도착하지 않았습니다.',
        en: 'Create the client socket. The server has not reached accept() yet.',
      },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'client',
      call: { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      line: c('connect('),
      narration: {
        ko: 'connect(): 선 위로 SYN → SYN-ACK → ACK가 오가고 connect()는 0을 돌려줍니다. 서버 프로그램은 아무것도 하지 않았는데도 서버 쪽 연결이 ESTABLISHED로 대기 큐(1)에 들어 있고, 아직 어떤 fd도 없습니다.',
        en: 'connect(): SYN → SYN-ACK → ACK cross the wire and connect() returns 0. The server program did nothing, yet the server’s end is ESTABLISHED in the accept queue (1), with no fd yet.',
      },
      expect: {
        ret: 0,
        errno: null,
        tcp: 'ESTABLISHED',
        acceptQueue: 1,
        packets: ['SYN', 'SYN,ACK', 'ACK'],
        table: [
          { state: 'ESTABLISHED', fd: false, side: 'server' },
          { state: 'ESTABLISHED', fd: true, side: 'client' },
        ],
      },
    },
    {
      actor: 'server',
      call: { syscall: 'accept', socket: 'server_socket', as: 'client_socket' },
      line: s('accept('),
      narration: {
        ko: 'accept(): 기다리지 않고 바로 돌아옵니다. 큐에서 완성된 연결을 꺼내 새 fd를 붙여 줄 뿐, 선 위로는 아무것도 보내지 않습니다.',
        en: 'accept() returns at once: it takes the finished connection off the queue and gives it an fd. Nothing goes on the wire.',
      },
      expect: {
        ret: 'fd',
        errno: null,
        blocks: false,
        tcp: 'ESTABLISHED',
        acceptQueue: 0,
        table: [{ state: 'ESTABLISHED', fd: true, side: 'server' }],
      },
    },
    {
      actor: 'client',
      call: { syscall: 'close', socket: 'sock' },
      line: c('close(sock)'),
      narration: {
        ko: '클라이언트가 먼저 닫습니다: FIN을 보내고, 서버 쪽은 CLOSE_WAIT(상대는 끝났지만 나는 아직 닫지 않음)가 됩니다. 클라이언트 쪽은 fd 없이 커널 안에서 마무리를 기다립니다.',
        en: 'The client closes first: it sends FIN and the server’s end becomes CLOSE_WAIT (the peer is done, we have not closed yet). The client’s end lives on in the kernel without an fd.',
      },
      expect: { ret: 0, errno: null, packets: ['FIN,ACK'], table: [{ state: 'CLOSE_WAIT', fd: true, side: 'server' }] },
    },
    {
      actor: 'server',
      call: { syscall: 'close', socket: 'client_socket' },
      line: s('close(client_socket)'),
      narration: {
        ko: '서버도 닫습니다: FIN을 보내고 ACK를 받습니다. 먼저 닫은 클라이언트 쪽이 TIME_WAIT에 남아 타이머(60초)가 끝나기를 기다립니다.',
        en: 'The server closes too: its FIN is acknowledged. The client, which closed first, stays in TIME_WAIT until its timer (60 s) runs out.',
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
        ko: '듣기 소켓을 닫습니다. TIME_WAIT는 프로그램이 끝나도 커널 안에 남습니다.',
        en: 'Close the listening socket. TIME_WAIT stays in the kernel even after the programs are gone.',
      },
      expect: { ret: 0, errno: null, table: [{ state: 'TIME_WAIT', fd: false, side: 'client' }] },
    },
  ],
};
