import { cHeaders, lineOf } from './programs.ts';
import type { Lesson, Program } from './types.ts';

/** A server that never calls bind(): listen() gets a port from the kernel, getsockname() tells which. */
export const autoBindServer: Program = {
  actor: 'server',
  file: 'any_port_server.c',
  title: { ko: '서버: ./any_port_server', en: 'server: ./any_port_server' },
  lines: [
    ...cHeaders,
    '',
    'int main(void)',
    '{',
    '    int server_socket, client_socket;',
    '    struct sockaddr_in addr, client_addr;',
    '    socklen_t addr_size = sizeof(addr), client_addr_size = sizeof(client_addr);',
    '',
    '    server_socket = socket(PF_INET, SOCK_STREAM, 0);',
    '',
    '    /* no bind(): listen() lets the kernel choose the address */',
    '    if (-1 == listen(server_socket, 5))',
    '    { printf("대기상태 모드 설정 실패\\n"); exit(1); }',
    '',
    '    getsockname(server_socket, (struct sockaddr*)&addr, &addr_size);',
    '    printf("listening on %s:%d\\n", inet_ntoa(addr.sin_addr), ntohs(addr.sin_port));',
    '',
    '    client_socket = accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);',
    '    close(client_socket);',
    '    close(server_socket);',
    '    return 0;',
    '}',
  ],
};

/** The seed's client, started with the port the server printed; it asks the kernel which address it got. */
export const autoBindClient: Program = {
  actor: 'client',
  file: 'where_am_i.c',
  title: { ko: '클라이언트: ./where_am_i 127.0.0.1 {port}', en: 'client: ./where_am_i 127.0.0.1 {port}' },
  lines: [
    ...cHeaders,
    '',
    'int main(int argc, char* argv[])',
    '{',
    '    int sock;',
    '    struct sockaddr_in serv_addr, addr;',
    '    socklen_t addr_size = sizeof(addr);',
    '',
    '    sock = socket(PF_INET, SOCK_STREAM, 0);',
    '    getsockname(sock, (struct sockaddr*)&addr, &addr_size);       /* before connect() */',
    '',
    '    memset(&serv_addr, 0, sizeof(serv_addr));',
    '    serv_addr.sin_family=AF_INET;',
    '    serv_addr.sin_addr.s_addr=inet_addr(argv[1]);',
    '    serv_addr.sin_port=htons(atoi(argv[2]));',
    '    if(connect(sock, (struct sockaddr*)&serv_addr, sizeof(serv_addr))==-1)',
    '    { perror("connect"); exit(1); }',
    '',
    '    addr_size = sizeof(addr);',
    '    getsockname(sock, (struct sockaddr*)&addr, &addr_size);       /* after connect() */',
    '    printf("me: %s:%d\\n", inet_ntoa(addr.sin_addr), ntohs(addr.sin_port));',
    '    getpeername(sock, (struct sockaddr*)&addr, &addr_size);',
    '    printf("server: %s:%d\\n", inet_ntoa(addr.sin_addr), ntohs(addr.sin_port));',
    '    close(sock);',
    '    return 0;',
    '}',
  ],
};

const s = (needle: string) => lineOf(autoBindServer, needle);
const c = (needle: string) => lineOf(autoBindClient, needle);

/** listen() or connect() without bind(): the kernel picks an ephemeral port; getsockname() shows it. */
export const autoBind: Lesson = {
  id: 'auto-bind',
  chapter: { ko: '2장. 커널이 하는 일', en: '2. What the kernel does' },
  title: { ko: 'bind() 없이: 커널이 고르는 포트', en: 'No bind(): the kernel picks the port' },
  summary: {
    ko: 'bind() 없이 listen()하거나 connect()하면 커널이 임시(ephemeral) 포트를 골라 자동으로 바인드합니다. 어떤 포트인지는 getsockname()으로 알 수 있습니다.',
    en: 'listen() or connect() without bind(): the kernel binds the socket to an ephemeral port of its choice, and getsockname() tells which.',
  },
  port: 0,
  programs: [autoBindServer, autoBindClient],
  corrections: [],
  steps: [
    {
      actor: 'server',
      call: { syscall: 'socket', as: 'server_socket', role: 'listener' },
      line: s('socket(PF_INET'),
      narration: {
        ko: '서버 소켓 생성. 튜토리얼의 서버와 달리 이 서버는 bind()를 건너뜁니다.',
        en: 'Create the server socket. Unlike the tutorial’s server, this one skips bind().',
      },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'server',
      call: { syscall: 'listen', socket: 'server_socket', backlog: 5 },
      line: s('listen('),
      narration: {
        ko: 'bind() 없이 listen(): 실패하지 않습니다. 커널이 주소를 대신 정해 자동으로 바인드합니다: IP는 INADDR_ANY(0.0.0.0, 모든 인터페이스), 포트는 임시 포트 범위에서 하나. socklab의 실습 소켓은 SO_BINDTODEVICE로 lo에 묶여 있어서 이 소켓도 이 컴퓨터 안에서만 닿습니다.',
        en: 'listen() without bind() does not fail: the kernel binds the socket for you, to INADDR_ANY (0.0.0.0, every interface) and a port from the ephemeral range. socklab pins every lab socket to lo with SO_BINDTODEVICE, so this one is reachable from this machine only.',
      },
      expect: { ret: 0, errno: null, tcp: 'LISTEN', acceptQueue: 0 },
    },
    {
      actor: 'server',
      call: { syscall: 'getsockname', socket: 'server_socket', sets: '$port' },
      line: s('getsockname('),
      narration: {
        ko: 'getsockname(): 커널이 고른 주소를 묻습니다. 포트 번호는 프로그램이 정한 것이 아니라 커널이 고른 임시 포트입니다. 서버는 이 번호를 출력하고, 클라이언트는 그 번호로 실행됩니다.',
        en: 'getsockname(): ask for the address the kernel chose. The port is not the program’s choice but an ephemeral one picked by the kernel. The server prints it, and the client is started with it.',
      },
      expect: { ret: 0, errno: null, ephemeralPort: true, tcp: 'LISTEN' },
    },
    {
      actor: 'server',
      call: { syscall: 'accept', socket: 'server_socket', as: 'client_socket' },
      line: s('accept('),
      narration: { ko: 'accept(): 클라이언트를 기다립니다(블록).', en: 'accept(): wait (block) for a client.' },
      expect: { ret: 'fd', errno: null, blocks: true, tcp: 'ESTABLISHED' },
    },
    {
      actor: 'client',
      call: { syscall: 'socket', as: 'sock', role: 'client' },
      line: c('sock = socket('),
      narration: {
        ko: '클라이언트 소켓 생성. 튜토리얼의 클라이언트처럼 bind()는 하지 않습니다.',
        en: 'Create the client socket. Like the tutorial’s client, it never calls bind().',
      },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'client',
      call: { syscall: 'getsockname', socket: 'sock' },
      line: c('/* before connect() */'),
      narration: {
        ko: 'connect() 전의 getsockname(): 0.0.0.0:0. 아직 주소도 포트도 없습니다.',
        en: 'getsockname() before connect(): 0.0.0.0:0. No address, no port yet.',
      },
      expect: { ret: 0, errno: null, ephemeralPort: false },
    },
    {
      actor: 'client',
      call: { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      line: c('if(connect('),
      narration: {
        ko: 'connect(): 커널이 경로에 맞는 출발지 IP(127.0.0.1)와 임시 포트를 골라 바인드한 뒤 SYN을 보냅니다. 서버의 accept()가 깨어납니다.',
        en: 'connect(): the kernel binds the socket to the source IP for the route (127.0.0.1) and an ephemeral port, then sends the SYN. The server’s accept() wakes up.',
      },
      expect: { ret: 0, errno: null, tcp: 'ESTABLISHED', packets: ['SYN', 'SYN,ACK', 'ACK'] },
    },
    {
      actor: 'client',
      call: { syscall: 'getsockname', socket: 'sock' },
      line: c('/* after connect() */'),
      narration: {
        ko: 'connect() 뒤의 getsockname(): 127.0.0.1과 커널이 고른 임시 포트. 서버의 accept()가 받은 client_addr와 같은 주소입니다.',
        en: 'getsockname() after connect(): 127.0.0.1 and the ephemeral port the kernel chose, the same address the server’s accept() got in client_addr.',
      },
      expect: { ret: 0, errno: null, ephemeralPort: true },
    },
    {
      actor: 'client',
      call: { syscall: 'getpeername', socket: 'sock' },
      line: c('getpeername('),
      narration: {
        ko: 'getpeername(): 상대(서버)의 주소. 서버가 출력한 그 포트입니다.',
        en: 'getpeername(): the peer’s (the server’s) address, the port the server printed.',
      },
      expect: { ret: 0, errno: null, ephemeralPort: false },
    },
    {
      actor: 'client',
      call: { syscall: 'close', socket: 'sock' },
      line: c('close(sock)'),
      narration: {
        ko: '클라이언트가 닫습니다. 자동으로 받은 포트는 이 연결이 완전히 끝나면(TIME_WAIT 뒤) 커널에 돌아갑니다.',
        en: 'The client closes. Its automatic port goes back to the kernel once the connection is completely over (after TIME_WAIT).',
      },
      expect: { ret: 0, errno: null, packets: ['FIN,ACK'], table: [{ state: 'CLOSE_WAIT', fd: true, side: 'server' }] },
    },
    {
      actor: 'server',
      call: { syscall: 'close', socket: 'client_socket' },
      line: s('close(client_socket)'),
      narration: { ko: '서버가 연결 소켓을 닫습니다.', en: 'The server closes the connection.' },
      expect: { ret: 0, errno: null, packets: ['FIN,ACK', 'ACK'] },
    },
    {
      actor: 'server',
      call: { syscall: 'close', socket: 'server_socket' },
      line: s('close(server_socket)'),
      narration: { ko: '듣기 소켓을 닫습니다.', en: 'Close the listening socket.' },
      expect: { ret: 0, errno: null },
    },
  ],
};
