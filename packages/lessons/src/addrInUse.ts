import { cHeaders, lineOf } from './programs.ts';
import type { Lesson, Program, Text } from './types.ts';

const addressLines = [
  '    memset(&server_addr, 0, sizeof(server_addr));',
  '    server_addr.sin_family      = AF_INET;',
  '    server_addr.sin_port        = htons({port});',
  '    server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);',
];

/** A server as real servers are written: SO_REUSEADDR before bind(); it hangs up first. */
function reuseServer(actor: string, title: Text): Program {
  return {
    actor,
    file: 'reuse_server.c',
    title,
    lines: [
      ...cHeaders,
      '',
      'int main(void)',
      '{',
      '    int server_socket, client_socket, on = 1;',
      '    struct sockaddr_in server_addr, client_addr;',
      '    socklen_t client_addr_size = sizeof(client_addr);',
      '',
      '    server_socket = socket(PF_INET, SOCK_STREAM, 0);',
      '    setsockopt(server_socket, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));',
      '',
      ...addressLines,
      '    if (-1 == bind(server_socket, (struct sockaddr*)&server_addr, sizeof(server_addr)))',
      '    { perror("bind() 실행 에러"); close(server_socket); exit(1); }',
      '',
      '    if (-1 == listen(server_socket, 5))',
      '    { printf("대기상태 모드 설정 실패\\n"); exit(1); }',
      '',
      '    client_socket = accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);',
      '    close(client_socket);             /* the server hangs up first */',
      '    close(server_socket);',
      '    return 0;',
      '}',
    ],
  };
}

/** The first server. */
export const reuseServerFirst: Program = reuseServer('server', {
  ko: '서버: ./reuse_server',
  en: 'server: ./reuse_server',
});

/** The same program started a second time while the first still runs. */
export const reuseServerSecond: Program = reuseServer('server2', {
  ko: '서버 한 번 더: ./reuse_server (첫 서버가 실행 중)',
  en: 'server again: ./reuse_server (the first still runs)',
});

/** The client: connects, reads until the server hangs up, closes. */
export const addrInUseClient: Program = {
  actor: 'client',
  file: 'client.c',
  title: { ko: '클라이언트: ./client', en: 'client: ./client' },
  lines: [
    ...cHeaders,
    '',
    'int main(void)',
    '{',
    '    int sock;',
    '    struct sockaddr_in serv_addr;',
    '    char buff[1024];',
    '',
    '    sock = socket(PF_INET, SOCK_STREAM, 0);',
    '    memset(&serv_addr, 0, sizeof(serv_addr));',
    '    serv_addr.sin_family = AF_INET;',
    '    serv_addr.sin_port = htons({port});',
    '    serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");',
    '    if (-1 == connect(sock, (struct sockaddr*)&serv_addr, sizeof(serv_addr)))',
    '    { perror("connect"); exit(1); }',
    '',
    '    while (read(sock, buff, sizeof(buff)) > 0)   /* 0: the server hung up */',
    '        ;',
    '    close(sock);',
    '    return 0;',
    '}',
  ],
};

/** A server restarted right after the first one stopped: bind() without SO_REUSEADDR, then with it. */
export const restartServer: Program = {
  actor: 'server3',
  file: 'restart_server.c',
  title: { ko: '다시 시작한 서버: ./restart_server', en: 'restarted server: ./restart_server' },
  lines: [
    ...cHeaders,
    '',
    'int main(void)',
    '{',
    '    int server_socket, on = 1;',
    '    struct sockaddr_in server_addr;',
    '',
    '    server_socket = socket(PF_INET, SOCK_STREAM, 0);',
    '',
    ...addressLines,
    '    if (-1 == bind(server_socket, (struct sockaddr*)&server_addr, sizeof(server_addr)))',
    '    {',
    '        perror("bind() 실행 에러");   /* Address already in use */',
    '        setsockopt(server_socket, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));',
    '        if (-1 == bind(server_socket, (struct sockaddr*)&server_addr, sizeof(server_addr)))',
    '        { perror("bind() 실행 에러"); exit(1); }',
    '    }',
    '    if (-1 == listen(server_socket, 5))',
    '    { printf("대기상태 모드 설정 실패\\n"); exit(1); }',
    '',
    '    /* ... accept() and serve as before ... */',
    '    close(server_socket);',
    '    return 0;',
    '}',
  ],
};

const s = (needle: string) => lineOf(reuseServerFirst, needle);
const s2 = (needle: string) => lineOf(reuseServerSecond, needle);
const c = (needle: string) => lineOf(addrInUseClient, needle);
const r = (needle: string, nth = 1) => lineOf(restartServer, needle, nth);

/** EADDRINUSE twice: a port held by a listener, and a port held by a connection in TIME_WAIT. */
export const addrInUse: Lesson = {
  id: 'addr-in-use',
  chapter: { ko: '3장. 일이 잘못될 때', en: '3. When things go wrong' },
  title: {
    ko: '이미 사용 중인 주소: EADDRINUSE와 SO_REUSEADDR',
    en: 'Address already in use: EADDRINUSE and SO_REUSEADDR',
  },
  summary: {
    ko: '같은 포트에 두 번째 소켓을 bind()하면 EADDRINUSE입니다. 서버가 먼저 닫아 TIME_WAIT가 포트를 잡고 있으면, 다시 시작한 서버의 bind()는 SO_REUSEADDR 없이는 실패하고 있으면 성공합니다.',
    en: 'A second socket binding the same port gets EADDRINUSE. When the server closed first and TIME_WAIT holds the port, a restarted server’s bind() fails without SO_REUSEADDR and succeeds with it.',
  },
  port: 4000,
  programs: [reuseServerFirst, reuseServerSecond, addrInUseClient, restartServer],
  corrections: [],
  steps: [
    {
      actor: 'server',
      call: { syscall: 'socket', as: 'server_socket', role: 'listener' },
      line: s('socket(PF_INET'),
      narration: { ko: '첫 번째 서버가 소켓을 만듭니다.', en: 'The first server creates its socket.' },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'server',
      call: { syscall: 'setsockopt', socket: 'server_socket', option: 'SO_REUSEADDR', value: 1 },
      line: s('SO_REUSEADDR'),
      narration: {
        ko: '실제 서버들은 bind() 전에 SO_REUSEADDR를 켜 둡니다. 이 옵션이 무엇을 허락하고 무엇을 허락하지 않는지가 이 수업의 주제입니다.',
        en: 'Real servers turn SO_REUSEADDR on before bind(). What it allows, and what it does not, is this lesson’s subject.',
      },
      expect: { ret: 0, errno: null },
    },
    {
      actor: 'server',
      call: { syscall: 'bind', socket: 'server_socket', host: '127.0.0.1', port: '$port' },
      line: s('bind('),
      narration: {
        ko: 'bind(): 튜토리얼 말대로 포트 번호는 프로세스마다 구별되어야 합니다. 이 포트는 이제 이 소켓의 것입니다.',
        en: 'bind(): as the tutorial says, port numbers must be distinct per process. This port now belongs to this socket.',
      },
      expect: { ret: 0, errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'server',
      call: { syscall: 'listen', socket: 'server_socket', backlog: 5 },
      line: s('listen('),
      narration: { ko: 'listen(): LISTEN 상태.', en: 'listen(): LISTEN.' },
      expect: { ret: 0, errno: null, tcp: 'LISTEN', table: [{ state: 'LISTEN', fd: true, side: 'server' }] },
    },
    {
      actor: 'server2',
      call: { syscall: 'socket', as: 'server_socket', role: 'listener' },
      line: s2('socket(PF_INET'),
      narration: {
        ko: '같은 서버 프로그램을 한 번 더 실행합니다(첫 서버는 아직 실행 중). 새 프로세스, 새 소켓입니다.',
        en: 'Start the same server program a second time (the first still runs): a new process, a new socket.',
      },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'server2',
      call: { syscall: 'setsockopt', socket: 'server_socket', option: 'SO_REUSEADDR', value: 1 },
      line: s2('SO_REUSEADDR'),
      narration: {
        ko: '두 번째 서버도 SO_REUSEADDR를 켭니다.',
        en: 'The second server sets SO_REUSEADDR too.',
      },
      expect: { ret: 0, errno: null },
    },
    {
      actor: 'server2',
      call: { syscall: 'bind', socket: 'server_socket', host: '127.0.0.1', port: '$port' },
      line: s2('bind('),
      narration: {
        ko: 'bind(): -1, EADDRINUSE(Address already in use). 포트를 LISTEN 중인 소켓이 잡고 있으면 SO_REUSEADDR가 있어도 두 번째 소켓은 같은 주소에 bind할 수 없습니다.',
        en: 'bind(): -1, EADDRINUSE (Address already in use). While a socket listens on the port, a second socket cannot bind the same address, SO_REUSEADDR or not.',
      },
      expect: { ret: -1, errno: 'EADDRINUSE', tcp: 'CLOSED' },
    },
    {
      actor: 'server2',
      call: { syscall: 'close', socket: 'server_socket' },
      line: s2('close(server_socket); exit(1)'),
      narration: {
        ko: '두 번째 서버는 오류를 출력하고 소켓을 닫은 뒤 exit(1)로 끝납니다.',
        en: 'The second server prints the error, closes its socket and exits with 1.',
      },
      expect: { ret: 0, errno: null },
    },
    {
      actor: 'client',
      call: { syscall: 'socket', as: 'sock', role: 'client' },
      line: c('socket(PF_INET'),
      narration: { ko: '클라이언트가 소켓을 만듭니다.', en: 'A client creates its socket.' },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'client',
      call: { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      line: c('connect('),
      narration: {
        ko: 'connect(): 첫 번째 서버와 연결됩니다.',
        en: 'connect(): connected to the first server.',
      },
      expect: { ret: 0, errno: null, tcp: 'ESTABLISHED', acceptQueue: 1, packets: ['SYN', 'SYN,ACK', 'ACK'] },
    },
    {
      actor: 'server',
      call: { syscall: 'accept', socket: 'server_socket', as: 'client_socket' },
      line: s('accept('),
      narration: { ko: 'accept(): 연결 소켓을 받습니다.', en: 'accept(): the connection’s socket.' },
      expect: { ret: 'fd', errno: null, blocks: false, tcp: 'ESTABLISHED' },
    },
    {
      actor: 'server',
      call: { syscall: 'close', socket: 'client_socket' },
      line: s('close(client_socket)'),
      narration: {
        ko: '서버가 먼저 연결을 닫습니다(FIN). 먼저 닫는 쪽이 나중에 TIME_WAIT에 남습니다. 이번에는 서버 쪽, 즉 서버의 포트 번호를 가진 연결입니다.',
        en: 'The server hangs up first (FIN). The side that closes first ends in TIME_WAIT: this time the server’s end, the connection holding the server’s port.',
      },
      expect: { ret: 0, errno: null, packets: ['FIN,ACK'], table: [{ state: 'CLOSE_WAIT', fd: true, side: 'client' }] },
    },
    {
      actor: 'client',
      call: { syscall: 'read', socket: 'sock', size: 1024, into: 'buff' },
      line: c('read('),
      narration: {
        ko: 'read()가 0을 돌려줍니다: 상대가 연결을 닫았다는 뜻(EOF)입니다. 클라이언트 쪽은 CLOSE_WAIT입니다.',
        en: 'read() returns 0: the peer closed (end of stream). The client’s end is in CLOSE_WAIT.',
      },
      expect: { ret: 0, errno: null, tcp: 'CLOSE_WAIT', text: '' },
    },
    {
      actor: 'client',
      call: { syscall: 'close', socket: 'sock' },
      line: c('close(sock)'),
      narration: {
        ko: '클라이언트도 닫습니다. 서버 쪽 연결은 TIME_WAIT가 되어 fd 없이 커널 안에 남고, 서버의 포트를 계속 붙잡고 있습니다.',
        en: 'The client closes too. The server’s end of the connection is now in TIME_WAIT: no fd, still in the kernel, still holding the server’s port.',
      },
      expect: {
        ret: 0,
        errno: null,
        packets: ['FIN,ACK', 'ACK'],
        table: [{ state: 'TIME_WAIT', fd: false, side: 'server' }],
      },
    },
    {
      actor: 'server',
      call: { syscall: 'close', socket: 'server_socket' },
      line: s('close(server_socket)'),
      narration: {
        ko: '서버 프로그램이 끝납니다. 듣기 소켓은 사라졌지만 TIME_WAIT는 약 60초 동안 남습니다.',
        en: 'The server program ends. The listener is gone, but TIME_WAIT stays for about 60 seconds.',
      },
      expect: { ret: 0, errno: null, table: [{ state: 'TIME_WAIT', fd: false, side: 'server' }] },
    },
    {
      actor: 'server3',
      call: { syscall: 'socket', as: 'server_socket', role: 'listener' },
      line: r('socket(PF_INET'),
      narration: {
        ko: '서버를 곧바로 다시 시작합니다. 이 버전은 SO_REUSEADDR 없이 먼저 bind()해 봅니다.',
        en: 'Restart the server right away. This version first tries bind() without SO_REUSEADDR.',
      },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'server3',
      call: { syscall: 'bind', socket: 'server_socket', host: '127.0.0.1', port: '$port' },
      line: r('bind(', 1),
      narration: {
        ko: 'bind(): -1, EADDRINUSE. 듣는 소켓은 없지만 TIME_WAIT 연결이 이 포트를 쓰고 있습니다. 서버를 재시작할 때 흔히 보는 "Address already in use"가 바로 이것입니다.',
        en: 'bind(): -1, EADDRINUSE. Nobody listens, but the connection in TIME_WAIT uses the port: the familiar "Address already in use" after restarting a server.',
      },
      expect: { ret: -1, errno: 'EADDRINUSE', table: [{ state: 'TIME_WAIT', fd: false, side: 'server' }] },
    },
    {
      actor: 'server3',
      call: { syscall: 'setsockopt', socket: 'server_socket', option: 'SO_REUSEADDR', value: 1 },
      line: r('SO_REUSEADDR'),
      narration: {
        ko: 'SO_REUSEADDR를 켭니다. 실패한 bind()는 소켓에 아무것도 남기지 않으므로 같은 소켓으로 다시 시도할 수 있습니다.',
        en: 'Turn SO_REUSEADDR on. A failed bind() leaves nothing on the socket, so the same socket can try again.',
      },
      expect: { ret: 0, errno: null },
    },
    {
      actor: 'server3',
      call: { syscall: 'bind', socket: 'server_socket', host: '127.0.0.1', port: '$port' },
      line: r('bind(', 2),
      narration: {
        ko: 'bind(): 0. TIME_WAIT가 잡은 포트라도 SO_REUSEADDR면 bind할 수 있습니다. 단 리눅스에서는 TIME_WAIT 연결을 만든 옛 소켓도 SO_REUSEADDR를 켜 두었어야 합니다(첫 서버가 그랬습니다). 듣고 있는 소켓과는 여전히 공유할 수 없습니다.',
        en: 'bind(): 0. With SO_REUSEADDR a port held by TIME_WAIT can be bound. On Linux the old socket that left the TIME_WAIT must have set it too (the first server did); a listening socket is still never shared.',
      },
      expect: { ret: 0, errno: null, table: [{ state: 'TIME_WAIT', fd: false, side: 'server' }] },
    },
    {
      actor: 'server3',
      call: { syscall: 'listen', socket: 'server_socket', backlog: 5 },
      line: r('listen('),
      narration: {
        ko: 'listen(): 새 서버가 같은 포트에서 LISTEN합니다. 옛 연결의 TIME_WAIT는 그대로 남아 자기 일을 합니다.',
        en: 'listen(): the new server listens on the same port, while the old connection’s TIME_WAIT stays and does its job.',
      },
      expect: {
        ret: 0,
        errno: null,
        tcp: 'LISTEN',
        table: [
          { state: 'LISTEN', fd: true, side: 'server' },
          { state: 'TIME_WAIT', fd: false, side: 'server' },
        ],
      },
    },
    {
      actor: 'server3',
      call: { syscall: 'close', socket: 'server_socket' },
      line: r('close(server_socket)'),
      narration: { ko: '새 서버의 듣기 소켓을 닫습니다.', en: 'Close the new server’s listening socket.' },
      expect: { ret: 0, errno: null },
    },
  ],
};
