import { cHeaders, lineOf } from './programs.ts';
import { serverSetup } from './steps.ts';
import type { Lesson, Program } from './types.ts';

/** A server that accepts and hangs up at once. */
export const hangUpServer: Program = {
  actor: 'server',
  file: 'hang_up_server.c',
  title: { ko: '서버: ./hang_up_server', en: 'server: ./hang_up_server' },
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
    '    memset(&server_addr, 0, sizeof(server_addr));',
    '    server_addr.sin_family      = AF_INET;',
    '    server_addr.sin_port        = htons({port});',
    '    server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);',
    '    if (-1 == bind(server_socket, (struct sockaddr*)&server_addr, sizeof(server_addr)))',
    '    { printf("bind() 실행 에러\\n"); exit(1); }',
    '    if (-1 == listen(server_socket, 5))',
    '    { printf("대기상태 모드 설정 실패\\n"); exit(1); }',
    '',
    '    client_socket = accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);',
    '    close(client_socket);                    /* hang up without a word */',
    '    close(server_socket);',
    '    return 0;',
    '}',
  ],
};

/** A client that keeps writing to a peer that is gone, and survives thanks to MSG_NOSIGNAL. */
export const stubbornClient: Program = {
  actor: 'client',
  file: 'stubborn.c',
  title: { ko: '클라이언트: ./stubborn', en: 'client: ./stubborn' },
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
    '    /* MSG_NOSIGNAL: an error instead of SIGPIPE, which would kill the process */',
    '    if (-1 == send(sock, "Are you there?", 14, MSG_NOSIGNAL))',
    '        perror("send 1");',
    '    if (-1 == send(sock, "Hello?", 6, MSG_NOSIGNAL))',
    '        perror("send 2");                    /* send 2: Broken pipe */',
    '    printf("still alive\\n");',
    '    read(sock, buff, sizeof(buff));',
    '    close(sock);',
    '    return 0;',
    '}',
  ],
};

const s = (needle: string) => lineOf(hangUpServer, needle);
const c = (needle: string) => lineOf(stubbornClient, needle);

/** Writing after the peer closed: the first write succeeds and draws an RST, the next fails with EPIPE. */
export const epipe: Lesson = {
  id: 'epipe',
  chapter: { ko: '3장. 일이 잘못될 때', en: '3. When things go wrong' },
  title: { ko: '끊어진 파이프: 닫힌 상대에게 쓰기', en: 'Broken pipe: writing to a peer that left' },
  summary: {
    ko: '상대가 닫은 뒤에 쓰면 첫 write()는 성공하고 상대 커널의 RST를 부릅니다. 다음 write()는 -1, EPIPE입니다. MSG_NOSIGNAL 덕분에 SIGPIPE로 죽지 않고 프로그램은 계속 실행됩니다.',
    en: 'Writing after the peer closed: the first write() succeeds and draws an RST from the peer’s kernel; the next fails with -1, EPIPE. Thanks to MSG_NOSIGNAL no SIGPIPE kills the program, and it goes on.',
  },
  port: 4000,
  programs: [hangUpServer, stubbornClient],
  corrections: [],
  steps: [
    ...serverSetup(hangUpServer),
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
      narration: { ko: '클라이언트 소켓 생성.', en: 'Create the client socket.' },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'client',
      call: { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      line: c('connect('),
      narration: {
        ko: 'connect(): 연결되고 서버의 accept()가 깨어납니다.',
        en: 'connect(): connected; the server’s accept() wakes up.',
      },
      expect: { ret: 0, errno: null, tcp: 'ESTABLISHED', packets: ['SYN', 'SYN,ACK', 'ACK'] },
    },
    {
      actor: 'server',
      call: { syscall: 'close', socket: 'client_socket' },
      line: s('close(client_socket)'),
      narration: {
        ko: '서버가 아무 말 없이 연결을 닫습니다(FIN). 클라이언트 쪽은 CLOSE_WAIT가 되지만, 클라이언트 프로그램은 read()를 하지 않으므로 이 사실을 모릅니다.',
        en: 'The server hangs up without a word (FIN). The client’s end goes to CLOSE_WAIT, but the client program does not read, so it does not know.',
      },
      expect: { ret: 0, errno: null, packets: ['FIN,ACK'], table: [{ state: 'CLOSE_WAIT', fd: true, side: 'client' }] },
    },
    {
      actor: 'client',
      call: { syscall: 'write', socket: 'sock', data: { text: 'Are you there?' } },
      line: c('send(sock, "Are you there?"'),
      narration: {
        ko: '첫 번째 send(): 14를 돌려주며 성공합니다! FIN은 "더 보내지 않겠다"는 뜻일 뿐 "받지 않겠다"는 뜻이 아니므로, 커널은 데이터를 보냅니다. 하지만 서버 쪽 소켓은 이미 닫혀(fd 없음) 데이터를 받을 프로그램이 없으므로 서버 커널은 RST로 답합니다. 클라이언트 소켓은 CLOSED가 됩니다.',
        en: 'First send(): it returns 14, success! A FIN only means “I will send no more”, not “I will not receive”, so the kernel sends the data. But the server’s socket is closed (no fd), nobody can read it, and the server’s kernel answers with RST. The client’s socket becomes CLOSED.',
      },
      expect: { ret: 14, errno: null, tcp: 'CLOSED', packets: ['PSH,ACK', 'RST'] },
    },
    {
      actor: 'client',
      call: { syscall: 'write', socket: 'sock', data: { text: 'Hello?' } },
      line: c('send(sock, "Hello?"'),
      narration: {
        ko: '두 번째 send(): -1, EPIPE(Broken pipe). 아무것도 나가지 않습니다. 그냥 write()였다면 커널이 SIGPIPE 신호를 보내 프로세스가 여기서 죽었을 것입니다(기본 동작). MSG_NOSIGNAL(또는 signal(SIGPIPE, SIG_IGN))이 있어 오류 값으로 받고 계속 갑니다.',
        en: 'Second send(): -1, EPIPE (Broken pipe), and nothing goes out. With a plain write() the kernel would also raise SIGPIPE, whose default action kills the process right here. With MSG_NOSIGNAL (or signal(SIGPIPE, SIG_IGN)) it is just an error value, and the program goes on.',
      },
      expect: { ret: -1, errno: 'EPIPE', tcp: 'CLOSED' },
    },
    {
      actor: 'client',
      call: { syscall: 'read', socket: 'sock', size: 1024, into: 'buff' },
      line: c('read(sock'),
      narration: {
        ko: '"still alive"를 출력한 프로그램이 read()합니다: 0(EOF). 서버가 보낸 FIN 덕분에 스트림의 끝입니다.',
        en: 'The program, which printed "still alive", calls read(): 0 (end of stream), thanks to the server’s FIN.',
      },
      expect: { ret: 0, errno: null, text: '' },
    },
    {
      actor: 'client',
      call: { syscall: 'close', socket: 'sock' },
      line: c('close(sock)'),
      narration: { ko: '클라이언트 소켓을 닫습니다.', en: 'Close the client socket.' },
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
