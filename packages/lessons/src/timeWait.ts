import { cHeaders, lineOf } from './programs.ts';
import { serverSetup } from './steps.ts';
import type { Lesson, Program } from './types.ts';

/** A server that serves two clients one after the other: it lets the first hang up, and hangs up on the second. */
export const timeWaitServer: Program = {
  actor: 'server',
  file: 'two_calls.c',
  title: { ko: '서버: ./two_calls', en: 'server: ./two_calls' },
  lines: [
    ...cHeaders,
    '',
    'int main(void)',
    '{',
    '    int server_socket, client_socket;',
    '    struct sockaddr_in server_addr, client_addr;',
    '    socklen_t client_addr_size = sizeof(client_addr);',
    '    char buff[1024];',
    '',
    '    server_socket = socket(PF_INET, SOCK_STREAM, 0);',
    '    memset(&server_addr, 0, sizeof(server_addr));',
    '    server_addr.sin_family      = AF_INET;',
    '    server_addr.sin_port        = htons({port});',
    '    server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);',
    '    if (-1 == bind(server_socket, (struct sockaddr*)&server_addr, sizeof(server_addr)))',
    '    { printf("bind() 실행 에러\\n"); exit(1); }',
    '    if (-1 == listen(server_socket, 5))',
    '    { printf("대기상태 모드 설정 실패\\n"); exit(1); }',
    '',
    '    /* first call: the client hangs up first */',
    '    client_socket = accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);',
    '    while (read(client_socket, buff, sizeof(buff)) > 0)   /* 0: the client hung up */',
    '        ;',
    '    close(client_socket);',
    '',
    '    /* second call: the server hangs up first */',
    '    client_socket = accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);',
    '    close(client_socket);',
    '',
    '    close(server_socket);',
    '    return 0;',
    '}',
  ],
};

/** The first client hangs up as soon as it is connected. */
export const timeWaitCaller: Program = {
  actor: 'client1',
  file: 'hang_up.c',
  title: { ko: '클라이언트 1: ./hang_up', en: 'client 1: ./hang_up' },
  lines: [
    ...cHeaders,
    '',
    'int main(void)',
    '{',
    '    int sock;',
    '    struct sockaddr_in serv_addr;',
    '',
    '    sock = socket(PF_INET, SOCK_STREAM, 0);',
    '    memset(&serv_addr, 0, sizeof(serv_addr));',
    '    serv_addr.sin_family = AF_INET;',
    '    serv_addr.sin_port = htons({port});',
    '    serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");',
    '    if (-1 == connect(sock, (struct sockaddr*)&serv_addr, sizeof(serv_addr)))',
    '    { perror("connect"); exit(1); }',
    '    close(sock);                      /* the client hangs up first */',
    '    return 0;',
    '}',
  ],
};

/** The second client waits for the server to hang up. */
export const timeWaitListener: Program = {
  actor: 'client2',
  file: 'wait_for_hang_up.c',
  title: { ko: '클라이언트 2: ./wait_for_hang_up', en: 'client 2: ./wait_for_hang_up' },
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
    '    while (read(sock, buff, sizeof(buff)) > 0)   /* 0: the server hung up */',
    '        ;',
    '    close(sock);',
    '    return 0;',
    '}',
  ],
};

const s = (needle: string, nth = 1) => lineOf(timeWaitServer, needle, nth);
const c1 = (needle: string) => lineOf(timeWaitCaller, needle);
const c2 = (needle: string) => lineOf(timeWaitListener, needle);

/** Who closes first ends in TIME_WAIT; the other goes CLOSE_WAIT → LAST_ACK → CLOSED. */
export const timeWait: Lesson = {
  id: 'time-wait',
  chapter: { ko: '2장. 커널이 하는 일', en: '2. What the kernel does' },
  title: { ko: 'TIME_WAIT: 먼저 닫는 쪽이 기다린다', en: 'TIME_WAIT: whoever closes first waits' },
  summary: {
    ko: '먼저 close()한 쪽은 TIME_WAIT로 60초 동안 커널에 남고, 상대는 CLOSE_WAIT에서 LAST_ACK를 거쳐 CLOSED가 됩니다. 한 번은 클라이언트가, 한 번은 서버가 먼저 닫고, 커널 패널에서 TIME_WAIT 타이머가 줄어드는 것을 봅니다.',
    en: 'The side that calls close() first stays in the kernel in TIME_WAIT for 60 s; the other goes from CLOSE_WAIT through LAST_ACK to CLOSED. Once the client closes first, once the server; the kernel panel shows the TIME_WAIT timers counting down.',
  },
  port: 4000,
  programs: [timeWaitServer, timeWaitCaller, timeWaitListener],
  corrections: [],
  steps: [
    ...serverSetup(timeWaitServer),
    {
      actor: 'client1',
      call: { syscall: 'socket', as: 'sock', role: 'client' },
      line: c1('socket(PF_INET'),
      narration: { ko: '첫 번째 클라이언트의 소켓.', en: 'The first client’s socket.' },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'client1',
      call: { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      line: c1('connect('),
      narration: { ko: 'connect(): 연결되었습니다.', en: 'connect(): connected.' },
      expect: { ret: 0, errno: null, tcp: 'ESTABLISHED', acceptQueue: 1, packets: ['SYN', 'SYN,ACK', 'ACK'] },
    },
    {
      actor: 'server',
      call: { syscall: 'accept', socket: 'server_socket', as: 'client_socket' },
      line: s('accept(', 1),
      narration: { ko: 'accept(): 첫 번째 연결을 받습니다.', en: 'accept(): the first connection.' },
      expect: { ret: 'fd', errno: null, blocks: false, tcp: 'ESTABLISHED', acceptQueue: 0 },
    },
    {
      actor: 'client1',
      call: { syscall: 'close', socket: 'sock' },
      line: c1('close(sock)'),
      narration: {
        ko: '클라이언트가 먼저 close()합니다: FIN을 보내고 FIN_WAIT_1, 상대의 ACK를 받으면 FIN_WAIT_2가 됩니다. fd는 사라졌지만 연결은 커널 안에 남아 마무리를 기다립니다. 서버 쪽은 FIN을 받아 CLOSE_WAIT: "상대는 끝났고, 내 프로그램이 close()하기를 기다리는 중"입니다.',
        en: 'The client calls close() first: it sends FIN and enters FIN_WAIT_1, then FIN_WAIT_2 once the ACK comes. The fd is gone, but the connection lives on in the kernel to finish. The server’s end got the FIN: CLOSE_WAIT, “the peer is done, waiting for my program to close()”.',
      },
      expect: { ret: 0, errno: null, packets: ['FIN,ACK'], table: [{ state: 'CLOSE_WAIT', fd: true, side: 'server' }] },
    },
    {
      actor: 'server',
      call: { syscall: 'read', socket: 'client_socket', size: 1024, into: 'buff' },
      line: s('while (read(client_socket'),
      narration: {
        ko: '서버의 read()가 0을 돌려줍니다(EOF): 프로그램은 이것으로 상대가 끝났음을 압니다. 커널 상태는 CLOSE_WAIT. close()를 잊은 서버에서는 이런 연결이 끝없이 쌓입니다.',
        en: 'The server’s read() returns 0 (end of stream): that is how the program learns the peer is done. The kernel says CLOSE_WAIT; a server that forgets close() piles these up forever.',
      },
      expect: { ret: 0, errno: null, tcp: 'CLOSE_WAIT', text: '' },
    },
    {
      actor: 'server',
      call: { syscall: 'close', socket: 'client_socket' },
      line: s('close(client_socket)', 1),
      narration: {
        ko: '서버가 close()합니다: FIN을 보내며 LAST_ACK가 되고, 그 FIN에 대한 ACK가 오면 CLOSED가 되어 사라집니다(루프백에서는 두 패킷 사이의 몇 마이크로초). 먼저 닫은 클라이언트 쪽은 TIME_WAIT가 되어 fd 없이 60초 동안 남습니다.',
        en: 'The server calls close(): its FIN puts it in LAST_ACK, and the ACK of that FIN makes it CLOSED and gone (on loopback, the few microseconds between the two packets). The client, which closed first, is now in TIME_WAIT, with no fd, for 60 seconds.',
      },
      expect: {
        ret: 0,
        errno: null,
        packets: ['FIN,ACK', 'ACK'],
        table: [{ state: 'TIME_WAIT', fd: false, side: 'client' }],
      },
    },
    {
      actor: 'client2',
      call: { syscall: 'socket', as: 'sock', role: 'client' },
      line: c2('socket(PF_INET'),
      narration: {
        ko: '두 번째 클라이언트. 커널 패널에서 첫 연결의 TIME_WAIT 타이머가 줄어드는 것을 보세요.',
        en: 'A second client. Watch the first connection’s TIME_WAIT timer count down in the kernel panel.',
      },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED', table: [{ state: 'TIME_WAIT', fd: false, side: 'client' }] },
    },
    {
      actor: 'client2',
      call: { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      line: c2('connect('),
      narration: {
        ko: 'connect(): 새 연결은 커널이 고른 자기 임시 포트를 씁니다. 첫 연결의 네 쌍(양쪽 주소와 포트)은 아직 TIME_WAIT가 붙들고 있고, 새 연결은 그 옆에서 따로 살아갑니다.',
        en: 'connect(): the new connection uses an ephemeral port of its own. The first connection’s quadruple (both addresses and ports) is still held by its TIME_WAIT; the new one lives beside it.',
      },
      expect: { ret: 0, errno: null, tcp: 'ESTABLISHED', acceptQueue: 1, packets: ['SYN', 'SYN,ACK', 'ACK'] },
    },
    {
      actor: 'server',
      call: { syscall: 'accept', socket: 'server_socket', as: 'client_socket' },
      line: s('accept(', 2),
      narration: { ko: 'accept(): 두 번째 연결.', en: 'accept(): the second connection.' },
      expect: { ret: 'fd', errno: null, blocks: false, tcp: 'ESTABLISHED', acceptQueue: 0 },
    },
    {
      actor: 'server',
      call: { syscall: 'close', socket: 'client_socket' },
      line: s('close(client_socket)', 2),
      narration: {
        ko: '이번에는 서버가 먼저 close()합니다. 역할이 바뀝니다: 클라이언트 쪽이 CLOSE_WAIT, 서버 쪽이 FIN_WAIT를 거쳐 TIME_WAIT로 갈 차례입니다.',
        en: 'This time the server calls close() first. The roles swap: the client’s end is in CLOSE_WAIT, the server’s end goes through FIN_WAIT towards TIME_WAIT.',
      },
      expect: { ret: 0, errno: null, packets: ['FIN,ACK'], table: [{ state: 'CLOSE_WAIT', fd: true, side: 'client' }] },
    },
    {
      actor: 'client2',
      call: { syscall: 'read', socket: 'sock', size: 1024, into: 'buff' },
      line: c2('while (read('),
      narration: {
        ko: '클라이언트의 read()가 0(EOF)을 돌려줍니다. 상태는 CLOSE_WAIT.',
        en: 'The client’s read() returns 0 (end of stream). Its state: CLOSE_WAIT.',
      },
      expect: { ret: 0, errno: null, tcp: 'CLOSE_WAIT', text: '' },
    },
    {
      actor: 'client2',
      call: { syscall: 'close', socket: 'sock' },
      line: c2('close(sock)'),
      narration: {
        ko: '클라이언트가 close(): LAST_ACK를 거쳐 CLOSED. 이번 TIME_WAIT는 서버 쪽, 서버의 포트 번호를 가진 연결입니다. 두 TIME_WAIT 타이머를 비교해 보세요: 먼저 생긴 쪽이 더 적게 남았습니다.',
        en: 'The client calls close(): LAST_ACK, then CLOSED. This TIME_WAIT is on the server’s side, holding the server’s port. Compare the two TIME_WAIT timers: the older one has less time left.',
      },
      expect: {
        ret: 0,
        errno: null,
        packets: ['FIN,ACK', 'ACK'],
        table: [
          { state: 'TIME_WAIT', fd: false, side: 'server' },
          { state: 'TIME_WAIT', fd: false, side: 'client' },
        ],
      },
    },
    {
      actor: 'server',
      call: { syscall: 'close', socket: 'server_socket' },
      line: s('close(server_socket)'),
      narration: {
        ko: '듣기 소켓을 닫고 서버 프로그램이 끝납니다. 두 프로그램 모두 끝났지만 TIME_WAIT 두 개는 타이머가 다할 때까지 커널에 남아, 늦게 도착하는 옛 패킷이 새 연결을 어지럽히지 않게 하고 마지막 ACK를 다시 보낼 수 있게 합니다.',
        en: 'Close the listener; the server program ends. Both programs are gone, but the two TIME_WAITs stay in the kernel until their timers run out, so that old packets arriving late cannot disturb a new connection and the last ACK can be sent again if it was lost.',
      },
      expect: {
        ret: 0,
        errno: null,
        table: [
          { state: 'TIME_WAIT', fd: false, side: 'server' },
          { state: 'TIME_WAIT', fd: false, side: 'client' },
        ],
      },
    },
  ],
};
