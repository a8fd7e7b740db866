import { cHeaders, lineOf } from './programs.ts';
import { serverSetup } from './steps.ts';
import type { Lesson, Program } from './types.ts';

/** What the client sends before it shuts its sending side. */
export const question = 'How long is this?';

/** A server that reads until end of stream, then answers "%d : %s". */
export const halfCloseServer: Program = {
  actor: 'server',
  file: 'count_server.c',
  title: { ko: '서버: ./count_server', en: 'server: ./count_server' },
  lines: [
    ...cHeaders,
    '',
    '#define BUFF_SIZE 1024',
    '',
    'int main(void)',
    '{',
    '    int server_socket, client_socket, total = 0, n;',
    '    struct sockaddr_in server_addr, client_addr;',
    '    socklen_t client_addr_size = sizeof(client_addr);',
    '    char buff_rcv[BUFF_SIZE + 1] = { 0 };',
    '    char buff_snd[BUFF_SIZE + 16];',
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
    '',
    '    /* read everything the client sends, until end of stream (read() == 0) */',
    '    while ((n = read(client_socket, buff_rcv + total, BUFF_SIZE - total)) > 0)',
    '        total += n;',
    '',
    '    sprintf(buff_snd, "%d : %s", (int)strlen(buff_rcv), buff_rcv);',
    '    write(client_socket, buff_snd, strlen(buff_snd));',
    '    close(client_socket);',
    '    close(server_socket);',
    '    return 0;',
    '}',
  ],
};

/** A client that sends its question, shuts its sending side, and reads the answer to the end. */
export const halfCloseClient: Program = {
  actor: 'client',
  file: 'ask_and_listen.c',
  title: { ko: '클라이언트: ./ask_and_listen', en: 'client: ./ask_and_listen' },
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
    `    write(sock, "${question}", ${question.length});`,
    '    shutdown(sock, SHUT_WR);                /* "I have said everything" */',
    '',
    '    while ((str_len = read(sock, buff, sizeof(buff) - 1)) > 0) {',
    '        buff[str_len] = 0;',
    '        printf("%s\\n", buff);',
    '    }',
    '    close(sock);',
    '    return 0;',
    '}',
  ],
};

const s = (needle: string) => lineOf(halfCloseServer, needle);
const c = (needle: string) => lineOf(halfCloseClient, needle);
const answer = `${question.length} : ${question}`;

/** shutdown(SHUT_WR) closes one direction: the peer reads end of stream and can still answer. */
export const halfClose: Lesson = {
  id: 'half-close',
  chapter: { ko: '4장. 바이트 스트림과 여러 클라이언트', en: '4. Streams and many clients' },
  title: { ko: '반쪽 닫기: shutdown(SHUT_WR)', en: 'Half-close: shutdown(SHUT_WR)' },
  summary: {
    ko: 'shutdown(SHUT_WR)은 보내는 방향만 닫습니다(FIN). 보낸 쪽은 FIN_WAIT_2, 받은 쪽은 CLOSE_WAIT가 되고, 받은 쪽의 read()는 스트림 끝에서 0을 돌려주지만 여전히 답을 보낼 수 있습니다.',
    en: 'shutdown(SHUT_WR) closes the sending direction only (FIN). The sender goes to FIN_WAIT_2, the receiver to CLOSE_WAIT; the receiver’s read() returns 0 at the end of the stream, and it can still send its answer.',
  },
  port: 4000,
  programs: [halfCloseServer, halfCloseClient],
  corrections: [],
  steps: [
    ...serverSetup(halfCloseServer),
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
      narration: { ko: 'connect(): 연결되고 accept()가 깨어납니다.', en: 'connect(): connected; accept() wakes up.' },
      expect: { ret: 0, errno: null, tcp: 'ESTABLISHED', packets: ['SYN', 'SYN,ACK', 'ACK'] },
    },
    {
      actor: 'server',
      call: { syscall: 'read', socket: 'client_socket', size: 1024, into: 'buff_rcv' },
      line: s('while ((n = read('),
      narration: {
        ko: '서버는 클라이언트가 보내는 것을 끝까지(read()가 0을 돌려줄 때까지) 읽으려 합니다. 아직 아무것도 오지 않아 블록됩니다.',
        en: 'The server means to read everything the client sends, until read() returns 0. Nothing has come yet: it blocks.',
      },
      expect: { ret: question.length, errno: null, blocks: true, text: question },
    },
    {
      actor: 'client',
      call: { syscall: 'write', socket: 'sock', data: { text: question } },
      line: c('write(sock'),
      narration: {
        ko: `write(): 질문 ${question.length}바이트. 서버의 read()가 깨어나 이 바이트들을 받습니다. 하지만 서버는 이것이 질문의 전부인지 알 수 없습니다: 스트림에는 경계가 없습니다.`,
        en: `write(): the ${question.length}-byte question. The server’s read() wakes with these bytes, but it cannot tell whether that is all of it: a stream has no boundaries.`,
      },
      expect: { ret: question.length, errno: null, packets: ['PSH,ACK'] },
    },
    {
      actor: 'server',
      call: { syscall: 'read', socket: 'client_socket', size: 1024 - question.length, into: 'buff_rcv + total' },
      line: s('while ((n = read('),
      narration: {
        ko: '다음 read(): 더 올 것이 있는지 모르므로 다시 블록됩니다.',
        en: 'The next read(): there may be more, so it blocks again.',
      },
      expect: { ret: 0, errno: null, blocks: true, tcp: 'CLOSE_WAIT', text: '' },
    },
    {
      actor: 'client',
      call: { syscall: 'shutdown', socket: 'sock', how: 'SHUT_WR' },
      line: c('shutdown('),
      narration: {
        ko: 'shutdown(sock, SHUT_WR): "다 말했다". 보내는 방향만 닫고 FIN을 보냅니다. 소켓은 열린 채이고 받는 방향도 열려 있습니다. 서버의 read()가 0을 돌려줍니다: 스트림의 끝. 서버 쪽은 CLOSE_WAIT입니다. close()였다면 클라이언트는 답을 받을 수 없었을 것입니다.',
        en: 'shutdown(sock, SHUT_WR): “I have said everything”. Only the sending direction closes, with a FIN; the socket stays open and can still receive. The server’s read() returns 0, the end of the stream, and its end is in CLOSE_WAIT. With close() the client could never get the answer.',
      },
      expect: { ret: 0, errno: null, packets: ['FIN,ACK'], table: [{ state: 'CLOSE_WAIT', fd: true, side: 'server' }] },
    },
    {
      actor: 'server',
      call: { syscall: 'write', socket: 'client_socket', data: { sprintf: '%d : %s', from: 'buff_rcv' } },
      line: s('write(client_socket'),
      narration: {
        ko: `CLOSE_WAIT에서도 보낼 수 있습니다. 서버가 답 "${answer}"를 보냅니다. 이 세그먼트의 ACK가 클라이언트의 FIN을 확인해 주므로 클라이언트 쪽은 FIN_WAIT_2: 보내기는 끝났고, 받기는 계속합니다.`,
        en: `Even in CLOSE_WAIT it can send: the server answers "${answer}". That segment acknowledges the client’s FIN, so the client’s end is in FIN_WAIT_2: done sending, still receiving.`,
      },
      expect: {
        ret: answer.length,
        errno: null,
        tcp: 'CLOSE_WAIT',
        packets: ['PSH,ACK'],
        table: [
          { state: 'FIN_WAIT_2', fd: true, side: 'client' },
          { state: 'CLOSE_WAIT', fd: true, side: 'server' },
        ],
      },
    },
    {
      actor: 'client',
      call: { syscall: 'read', socket: 'sock', size: 1023, into: 'buff', print: '%s\n' },
      line: c('str_len = read('),
      narration: {
        ko: 'FIN_WAIT_2의 클라이언트가 답을 읽습니다. 반쪽만 닫힌 연결에서 데이터가 반대 방향으로 흐릅니다.',
        en: 'The client, in FIN_WAIT_2, reads the answer: data flows the other way on a half-closed connection.',
      },
      expect: { ret: answer.length, errno: null, tcp: 'FIN_WAIT_2', text: answer },
    },
    {
      actor: 'server',
      call: { syscall: 'close', socket: 'client_socket' },
      line: s('close(client_socket)'),
      narration: {
        ko: '서버가 close(): 이제 서버 쪽 방향도 FIN으로 닫힙니다. 클라이언트 쪽 연결은 TIME_WAIT로 넘어가고, 클라이언트의 소켓 자체는 CLOSED가 됩니다(fd는 아직 열려 있음).',
        en: 'The server calls close(): its direction closes with a FIN too. The client’s end of the connection moves to TIME_WAIT, and the client’s socket itself is CLOSED (its fd still open).',
      },
      expect: {
        ret: 0,
        errno: null,
        packets: ['FIN,ACK', 'ACK'],
        table: [{ state: 'TIME_WAIT', fd: false, side: 'client' }],
      },
    },
    {
      actor: 'client',
      call: { syscall: 'read', socket: 'sock', size: 1023, into: 'buff' },
      line: c('str_len = read('),
      narration: {
        ko: 'read()가 0을 돌려줍니다: 서버 쪽 스트림도 끝났습니다.',
        en: 'read() returns 0: the server’s stream has ended too.',
      },
      expect: { ret: 0, errno: null, tcp: 'CLOSED', text: '' },
    },
    {
      actor: 'client',
      call: { syscall: 'close', socket: 'sock' },
      line: c('close(sock)'),
      narration: {
        ko: '클라이언트가 fd를 닫습니다. 선 위로는 아무것도 나가지 않습니다: 두 방향 모두 이미 닫혔습니다.',
        en: 'The client closes its fd. Nothing goes on the wire: both directions are already closed.',
      },
      expect: { ret: 0, errno: null, table: [{ state: 'TIME_WAIT', fd: false, side: 'client' }] },
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
