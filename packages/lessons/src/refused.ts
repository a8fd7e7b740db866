import { cHeaders, lineOf } from './programs.ts';
import type { Lesson, Program } from './types.ts';

/** A client that knocks three times: before the server exists, while it is only bound, once it listens. */
export const refusedClient: Program = {
  actor: 'client',
  file: 'knock_knock.c',
  title: { ko: '클라이언트: ./knock_knock', en: 'client: ./knock_knock' },
  lines: [
    ...cHeaders,
    '',
    'int main(void)',
    '{',
    '    int sock;',
    '    struct sockaddr_in serv_addr;',
    '',
    '    memset(&serv_addr, 0, sizeof(serv_addr));',
    '    serv_addr.sin_family = AF_INET;',
    '    serv_addr.sin_port = htons({port});',
    '    serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");',
    '',
    '    /* 1. nobody has this port */',
    '    sock = socket(PF_INET, SOCK_STREAM, 0);',
    '    if (-1 == connect(sock, (struct sockaddr*)&serv_addr, sizeof(serv_addr)))',
    '        perror("connect");            /* connect: Connection refused */',
    '    close(sock);                      /* a failed socket is not reused */',
    '',
    '    /* 2. ./bound_server has bound the port, but does not listen */',
    '    sock = socket(PF_INET, SOCK_STREAM, 0);',
    '    if (-1 == connect(sock, (struct sockaddr*)&serv_addr, sizeof(serv_addr)))',
    '        perror("connect");',
    '    close(sock);',
    '',
    '    /* 3. now it listens */',
    '    sock = socket(PF_INET, SOCK_STREAM, 0);',
    '    if (-1 == connect(sock, (struct sockaddr*)&serv_addr, sizeof(serv_addr)))',
    '    { perror("connect"); exit(1); }',
    '    printf("connected\\n");',
    '    close(sock);',
    '    return 0;',
    '}',
  ],
};

/** A server that binds its port and only later listens. */
export const boundServer: Program = {
  actor: 'server',
  file: 'bound_server.c',
  title: { ko: '서버: ./bound_server', en: 'server: ./bound_server' },
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
    '    if (-1 == server_socket) { printf("server socket 생성 실패\\n"); exit(1); }',
    '',
    '    memset(&server_addr, 0, sizeof(server_addr));',
    '    server_addr.sin_family      = AF_INET;',
    '    server_addr.sin_port        = htons({port});',
    '    server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);',
    '    if (-1 == bind(server_socket, (struct sockaddr*)&server_addr, sizeof(server_addr)))',
    '    { printf("bind() 실행 에러\\n"); exit(1); }',
    '',
    '    getchar();                        /* bound, not listening: wait for Enter */',
    '',
    '    if (-1 == listen(server_socket, 5))',
    '    { printf("대기상태 모드 설정 실패\\n"); exit(1); }',
    '',
    '    client_socket = accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);',
    '    if (-1 == client_socket) { printf("클라이언트 연결 수락 실패\\n"); exit(1); }',
    '',
    '    close(client_socket);',
    '    close(server_socket);',
    '    return 0;',
    '}',
  ],
};

const s = (needle: string) => lineOf(boundServer, needle);
const c = (needle: string, nth = 1) => lineOf(refusedClient, needle, nth);

/** connect() to a port nobody listens on: the kernel answers the SYN with RST, and connect() fails with ECONNREFUSED. */
export const refused: Lesson = {
  id: 'refused',
  chapter: { ko: '3장. 일이 잘못될 때', en: '3. When things go wrong' },
  title: { ko: '연결 거부: 아무도 듣지 않는 포트', en: 'Connection refused: nobody listens' },
  summary: {
    ko: '듣는 소켓이 없는 포트로 connect()하면 커널이 SYN에 RST로 답하고 connect()는 -1(ECONNREFUSED)을 돌려줍니다. bind()만 하고 listen()하지 않은 소켓도 마찬가지입니다.',
    en: 'connect() to a port with no listener: the kernel answers the SYN with RST and connect() returns -1 (ECONNREFUSED). A socket that is bound but not listening refuses too.',
  },
  port: 4000,
  programs: [boundServer, refusedClient],
  corrections: [],
  steps: [
    {
      actor: 'client',
      call: { syscall: 'socket', as: 'sock', role: 'client' },
      line: c('sock = socket(', 1),
      narration: {
        ko: '서버 프로그램은 아직 실행되지 않았습니다. 클라이언트가 먼저 소켓을 만듭니다.',
        en: 'The server program has not started yet. The client creates its socket first.',
      },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'client',
      call: { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      line: c('connect(', 1),
      narration: {
        ko: 'connect(): SYN을 보냈지만 이 포트에는 어떤 소켓도 없습니다. 커널이 곧바로 RST로 답하고, connect()는 튜토리얼 말대로 실패 시 -1을 돌려줍니다. errno는 ECONNREFUSED(Connection refused)입니다. 기다림도, 재전송도 없습니다.',
        en: 'connect(): the SYN goes out, but no socket holds this port. The kernel answers at once with RST and connect() returns -1, errno ECONNREFUSED (Connection refused). No waiting, no retries.',
      },
      expect: { ret: -1, errno: 'ECONNREFUSED', tcp: 'CLOSED', packets: ['SYN', 'RST,ACK'] },
    },
    {
      actor: 'client',
      call: { syscall: 'close', socket: 'sock' },
      line: c('close(sock);', 1),
      narration: {
        ko: '연결에 실패한 소켓은 닫고, 다시 시도할 때는 새 소켓을 만듭니다(POSIX는 실패한 소켓의 재사용을 보장하지 않습니다).',
        en: 'Close the socket whose connect failed; to try again, make a new one (POSIX does not promise that a failed socket can be reused).',
      },
      expect: { ret: 0, errno: null },
    },
    {
      actor: 'server',
      call: { syscall: 'socket', as: 'server_socket', role: 'listener' },
      line: s('socket(PF_INET'),
      narration: {
        ko: '이제 서버 프로그램이 시작됩니다: 서버 소켓 생성.',
        en: 'Now the server program starts: create the server socket.',
      },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'server',
      call: { syscall: 'bind', socket: 'server_socket', host: '127.0.0.1', port: '$port' },
      line: s('bind('),
      narration: {
        ko: 'bind(): 소켓에 포트 번호를 결합합니다. 커널의 소켓 표에 포트를 차지한 소켓이 보이지만, 상태는 여전히 CLOSED입니다. 아직 연결 요청을 받겠다고(listen) 하지 않았습니다.',
        en: 'bind(): the port is now tied to the socket. The kernel’s table lists a socket holding the port, but its state is still CLOSED: it has not said it will take connections (listen).',
      },
      expect: { ret: 0, errno: null, tcp: 'CLOSED', table: [{ state: 'CLOSED', fd: true, side: 'server' }] },
    },
    {
      actor: 'client',
      call: { syscall: 'socket', as: 'sock', role: 'client' },
      line: c('sock = socket(', 2),
      narration: {
        ko: '클라이언트가 새 소켓으로 다시 시도합니다.',
        en: 'The client tries again with a new socket.',
      },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'client',
      call: { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      line: c('connect(', 2),
      narration: {
        ko: '포트는 bind()로 차지되어 있지만 결과는 같습니다: RST, ECONNREFUSED. SYN을 받아 주는 것은 bind()가 아니라 LISTEN 상태의 소켓입니다.',
        en: 'The port is taken by bind(), yet the answer is the same: RST, ECONNREFUSED. What answers a SYN is a socket in LISTEN, not bind().',
      },
      expect: {
        ret: -1,
        errno: 'ECONNREFUSED',
        tcp: 'CLOSED',
        packets: ['SYN', 'RST,ACK'],
        table: [{ state: 'CLOSED', fd: true, side: 'server' }],
      },
    },
    {
      actor: 'client',
      call: { syscall: 'close', socket: 'sock' },
      line: c('close(sock);', 2),
      narration: { ko: '실패한 소켓을 또 닫습니다.', en: 'Close the failed socket again.' },
      expect: { ret: 0, errno: null },
    },
    {
      actor: 'server',
      call: { syscall: 'listen', socket: 'server_socket', backlog: 5 },
      line: s('listen('),
      narration: {
        ko: 'listen(): 이제 서버 소켓이 LISTEN 상태가 되어 연결 요청을 받습니다.',
        en: 'listen(): the server socket enters LISTEN and takes connection requests.',
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
      actor: 'client',
      call: { syscall: 'socket', as: 'sock', role: 'client' },
      line: c('sock = socket(', 3),
      narration: { ko: '세 번째 시도, 새 소켓.', en: 'Third try, a new socket.' },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'client',
      call: { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      line: c('connect(', 3),
      narration: {
        ko: '같은 SYN에 이번에는 SYN-ACK가 돌아옵니다. 3-way 핸드셰이크가 끝나고 connect()는 0을 돌려줍니다.',
        en: 'The same SYN now gets a SYN-ACK. The three-way handshake completes and connect() returns 0.',
      },
      expect: { ret: 0, errno: null, tcp: 'ESTABLISHED', acceptQueue: 1, packets: ['SYN', 'SYN,ACK', 'ACK'] },
    },
    {
      actor: 'server',
      call: { syscall: 'accept', socket: 'server_socket', as: 'client_socket' },
      line: s('accept('),
      narration: {
        ko: 'accept(): 대기 큐의 연결을 꺼내 새 소켓으로 돌려줍니다.',
        en: 'accept(): take the queued connection as a new socket.',
      },
      expect: { ret: 'fd', errno: null, blocks: false, tcp: 'ESTABLISHED', acceptQueue: 0 },
    },
    {
      actor: 'client',
      call: { syscall: 'close', socket: 'sock' },
      line: c('close(sock);', 3),
      narration: {
        ko: '"connected"를 출력하고 클라이언트가 연결을 닫습니다(FIN).',
        en: 'The client prints "connected" and closes the connection (FIN).',
      },
      expect: { ret: 0, errno: null, packets: ['FIN,ACK'], table: [{ state: 'CLOSE_WAIT', fd: true, side: 'server' }] },
    },
    {
      actor: 'server',
      call: { syscall: 'close', socket: 'client_socket' },
      line: s('close(client_socket)'),
      narration: { ko: '서버도 연결 소켓을 닫습니다.', en: 'The server closes the connection too.' },
      expect: { ret: 0, errno: null, packets: ['FIN,ACK', 'ACK'] },
    },
    {
      actor: 'server',
      call: { syscall: 'close', socket: 'server_socket' },
      line: s('close(server_socket)'),
      narration: {
        ko: '듣기 소켓을 닫습니다. 이 포트로 오는 SYN에는 다시 RST가 돌아갑니다.',
        en: 'Close the listening socket: a SYN to this port gets RST again.',
      },
      expect: { ret: 0, errno: null },
    },
  ],
};
