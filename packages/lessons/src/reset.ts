import { cHeaders, lineOf } from './programs.ts';
import { serverSetup } from './steps.ts';
import type { Lesson, Program } from './types.ts';

/** A server that reads from its first client and hangs up on its second without reading. */
export const resetServer: Program = {
  actor: 'server',
  file: 'impatient_server.c',
  title: { ko: '서버: ./impatient_server', en: 'server: ./impatient_server' },
  lines: [
    ...cHeaders,
    '',
    'int main(void)',
    '{',
    '    int server_socket, client_socket, str_len;',
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
    '    /* first client */',
    '    client_socket = accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);',
    '    str_len = read(client_socket, buff, sizeof(buff));',
    '    if (str_len == -1) perror("read");       /* read: Connection reset by peer */',
    '    close(client_socket);',
    '',
    '    /* second client: hang up without reading what it sent */',
    '    client_socket = accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);',
    '    close(client_socket);                    /* unread data: RST, not FIN */',
    '',
    '    close(server_socket);',
    '    return 0;',
    '}',
  ],
};

/** A client that slams the door: SO_LINGER {1, 0}, then close(). */
export const lingerClient: Program = {
  actor: 'client1',
  file: 'slam.c',
  title: { ko: '클라이언트 1: ./slam', en: 'client 1: ./slam' },
  lines: [
    ...cHeaders,
    '',
    'int main(void)',
    '{',
    '    int sock;',
    '    struct sockaddr_in serv_addr;',
    '    struct linger lg = { 1, 0 };             /* l_onoff = 1, l_linger = 0 */',
    '',
    '    sock = socket(PF_INET, SOCK_STREAM, 0);',
    '    memset(&serv_addr, 0, sizeof(serv_addr));',
    '    serv_addr.sin_family = AF_INET;',
    '    serv_addr.sin_port = htons({port});',
    '    serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");',
    '    if (-1 == connect(sock, (struct sockaddr*)&serv_addr, sizeof(serv_addr)))',
    '    { perror("connect"); exit(1); }',
    '',
    '    setsockopt(sock, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));',
    '    close(sock);                             /* abortive close: RST */',
    '    return 0;',
    '}',
  ],
};

/** A client that sends a question and waits for an answer. */
export const askingClient: Program = {
  actor: 'client2',
  file: 'ask.c',
  title: { ko: '클라이언트 2: ./ask', en: 'client 2: ./ask' },
  lines: [
    ...cHeaders,
    '',
    'int main(void)',
    '{',
    '    int sock, str_len;',
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
    '    write(sock, "Are you listening?", 18);',
    '    str_len = read(sock, buff, sizeof(buff) - 1);',
    '    if (str_len == -1) perror("read");       /* read: Connection reset by peer */',
    '    close(sock);',
    '    return 0;',
    '}',
  ],
};

const s = (needle: string, nth = 1) => lineOf(resetServer, needle, nth);
const c1 = (needle: string) => lineOf(lingerClient, needle);
const c2 = (needle: string) => lineOf(askingClient, needle);

/** RST instead of FIN: SO_LINGER {1, 0}, and close() with unread data; the peer's read() gets ECONNRESET. */
export const reset: Lesson = {
  id: 'reset',
  chapter: { ko: '3장. 일이 잘못될 때', en: '3. When things go wrong' },
  title: { ko: 'RST: 연결을 끊어 버리기', en: 'RST: slamming the door' },
  summary: {
    ko: 'SO_LINGER {1, 0}을 켜고 close()하면 FIN 대신 RST가 나가고, 상대의 read()는 ECONNRESET으로 실패합니다. 읽지 않은 데이터가 남은 소켓을 닫아도 FIN 대신 RST가 나갑니다.',
    en: 'With SO_LINGER {1, 0}, close() sends RST instead of FIN and the peer’s read() fails with ECONNRESET. Closing a socket with unread data sends RST instead of FIN too.',
  },
  port: 4000,
  programs: [resetServer, lingerClient, askingClient],
  corrections: [],
  steps: [
    ...serverSetup(resetServer),
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
      actor: 'server',
      call: { syscall: 'read', socket: 'client_socket', size: 1024, into: 'buff' },
      line: s('str_len = read('),
      narration: {
        ko: 'read(): 클라이언트가 아무것도 보내지 않았으므로 서버는 블록되어 기다립니다.',
        en: 'read(): the client has sent nothing, so the server blocks and waits.',
      },
      expect: { ret: -1, errno: 'ECONNRESET', blocks: true, tcp: 'CLOSED' },
    },
    {
      actor: 'client1',
      call: { syscall: 'setsockopt', socket: 'sock', option: 'SO_LINGER', value: 0 },
      line: c1('SO_LINGER'),
      narration: {
        ko: 'SO_LINGER를 {l_onoff = 1, l_linger = 0}으로 설정합니다: "close()할 때 기다리지 말고, 보내지 못한 것은 버려라."',
        en: 'Set SO_LINGER to {l_onoff = 1, l_linger = 0}: “on close(), do not linger; throw away whatever is unsent.”',
      },
      expect: { ret: 0, errno: null },
    },
    {
      actor: 'client1',
      call: { syscall: 'close', socket: 'sock' },
      line: c1('close(sock)'),
      narration: {
        ko: 'close(): FIN이 아니라 RST 하나가 나갑니다. 연결은 양쪽 모두에서 즉시 사라지고 TIME_WAIT도 남지 않습니다. 기다리던 서버의 read()가 깨어나 -1, ECONNRESET(Connection reset by peer)을 받습니다. 정상 종료였다면 0(EOF)이었을 것입니다.',
        en: 'close(): not a FIN but a single RST. The connection vanishes at once on both sides, with no TIME_WAIT. The server’s waiting read() wakes with -1, ECONNRESET (Connection reset by peer), where an orderly close would have given 0 (end of stream).',
      },
      expect: { ret: 0, errno: null, packets: ['RST,ACK'] },
    },
    {
      actor: 'server',
      call: { syscall: 'close', socket: 'client_socket' },
      line: s('close(client_socket)', 1),
      narration: {
        ko: '서버는 오류를 출력하고 리셋된 소켓을 닫습니다. 선 위로는 아무것도 나가지 않습니다: 연결은 이미 없습니다.',
        en: 'The server prints the error and closes the reset socket. Nothing goes on the wire: the connection is already gone.',
      },
      expect: { ret: 0, errno: null },
    },
    {
      actor: 'client2',
      call: { syscall: 'socket', as: 'sock', role: 'client' },
      line: c2('socket(PF_INET'),
      narration: { ko: '두 번째 클라이언트의 소켓.', en: 'The second client’s socket.' },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'client2',
      call: { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      line: c2('connect('),
      narration: { ko: 'connect(): 연결되었습니다.', en: 'connect(): connected.' },
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
      actor: 'client2',
      call: { syscall: 'write', socket: 'sock', data: { text: 'Are you listening?' } },
      line: c2('write('),
      narration: {
        ko: 'write(): 질문 18바이트를 보냅니다. 서버 커널의 수신 큐(Recv-Q)에 들어가지만 서버 프로그램은 읽지 않습니다.',
        en: 'write(): an 18-byte question. It lands in the server kernel’s receive queue (Recv-Q), but the server program never reads it.',
      },
      expect: { ret: 18, errno: null, packets: ['PSH,ACK'] },
    },
    {
      actor: 'client2',
      call: { syscall: 'read', socket: 'sock', size: 1023, into: 'buff' },
      line: c2('str_len = read('),
      narration: {
        ko: 'read(): 답을 기다리며 블록됩니다.',
        en: 'read(): it blocks, waiting for an answer.',
      },
      expect: { ret: -1, errno: 'ECONNRESET', blocks: true, tcp: 'CLOSED' },
    },
    {
      actor: 'server',
      call: { syscall: 'close', socket: 'client_socket' },
      line: s('close(client_socket)', 2),
      narration: {
        ko: '서버가 읽지 않은 데이터가 남은 소켓을 close()합니다. 커널은 FIN 대신 RST를 보냅니다: 상대가 보낸 것이 읽히지 않고 버려졌음을 알리는 것입니다(RFC 2525). 클라이언트의 read()는 -1, ECONNRESET입니다.',
        en: 'The server close()s a socket with unread data. The kernel sends RST instead of FIN, telling the peer that what it sent was thrown away unread (RFC 2525). The client’s read() gets -1, ECONNRESET.',
      },
      expect: { ret: 0, errno: null, packets: ['RST,ACK'] },
    },
    {
      actor: 'client2',
      call: { syscall: 'close', socket: 'sock' },
      line: c2('close(sock)'),
      narration: {
        ko: '클라이언트는 오류를 출력하고 소켓을 닫습니다.',
        en: 'The client prints the error and closes its socket.',
      },
      expect: { ret: 0, errno: null },
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
