import { cHeaders, lineOf } from './programs.ts';
import type { Lesson, Program, Step } from './types.ts';

/** A server that accepts three clients, closes its listener, and serves them in turn. */
export const multiServer: Program = {
  actor: 'server',
  file: 'three_server.c',
  title: { ko: '서버: ./three_server', en: 'server: ./three_server' },
  lines: [
    ...cHeaders,
    '',
    '#define BUFF_SIZE 1024',
    '',
    'int main(void)',
    '{',
    '    int server_socket, client_socket[3], i, str_len;',
    '    struct sockaddr_in server_addr, client_addr;',
    '    socklen_t client_addr_size;',
    '    char buff_rcv[BUFF_SIZE + 1], buff_snd[BUFF_SIZE + 16];',
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
    '    for (i = 0; i < 3; i++) {',
    '        client_addr_size = sizeof(client_addr);',
    '        client_socket[i] = accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);',
    '    }',
    '    close(server_socket);                    /* no more clients; the three stay connected */',
    '',
    '    for (i = 0; i < 3; i++) {                /* serve them in turn */',
    '        str_len = read(client_socket[i], buff_rcv, BUFF_SIZE);',
    '        buff_rcv[str_len] = 0;',
    '        sprintf(buff_snd, "%d : %s", (int)strlen(buff_rcv), buff_rcv);',
    '        write(client_socket[i], buff_snd, strlen(buff_snd));',
    '    }',
    '    for (i = 0; i < 3; i++)',
    '        close(client_socket[i]);',
    '    return 0;',
    '}',
  ],
};

/** The client the three run, each with its own message. */
function multiClientProgram(n: number): Program {
  return {
    actor: `client${n}`,
    file: 'client.c',
    title: {
      ko: `클라이언트 ${n}: ./client "I am client ${n}"`,
      en: `client ${n}: ./client "I am client ${n}"`,
    },
    lines: [
      ...cHeaders,
      '',
      'int main(int argc, char* argv[])',
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
      '    write(sock, argv[1], strlen(argv[1]));',
      '    str_len = read(sock, buff, sizeof(buff) - 1);',
      '    buff[str_len] = 0;',
      '    printf("%s\\n", buff);',
      '    close(sock);',
      '    return 0;',
      '}',
    ],
  };
}

/** The three clients, `client1` … `client3`. */
export const multiClients: readonly Program[] = [1, 2, 3].map(multiClientProgram);

const s = (needle: string) => lineOf(multiServer, needle);
const c = (needle: string) => lineOf(multiClientProgram(1), needle);
const hello = (n: number) => `I am client ${n}`;
const answer = (n: number) => `${hello(n).length} : ${hello(n)}`;

function connectSteps(n: number): Step[] {
  return [
    {
      actor: `client${n}`,
      call: { syscall: 'socket', as: 'sock', role: 'client' },
      line: c('sock = socket('),
      narration: { ko: `${n}번 클라이언트의 소켓.`, en: `Client ${n}’s socket.` },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: `client${n}`,
      call: { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      line: c('connect('),
      narration: {
        ko:
          n === 1
            ? '1번 클라이언트가 연결합니다. 연결은 대기 큐로 들어갑니다.'
            : `${n}번 클라이언트도 같은 서버 포트로 연결합니다. 대기 큐에 ${n}개.`,
        en:
          n === 1
            ? 'Client 1 connects; the connection waits in the accept queue.'
            : `Client ${n} connects to the same server port. ${n} in the queue.`,
      },
      expect: { ret: 0, errno: null, tcp: 'ESTABLISHED', acceptQueue: n, packets: ['SYN', 'SYN,ACK', 'ACK'] },
    },
  ];
}

function acceptStep(i: number): Step {
  return {
    actor: 'server',
    call: { syscall: 'accept', socket: 'server_socket', as: `client_socket[${i}]` },
    line: s('accept('),
    narration: {
      ko:
        i === 0
          ? 'accept(): 1번 클라이언트의 연결이 새 소켓 client_socket[0]이 됩니다. 듣기 소켓은 그대로 LISTEN입니다. 연결마다 소켓이 따로 생깁니다.'
          : `accept(): client_socket[${i}], 또 하나의 새 소켓. 모두 서버의 같은 포트를 쓰지만 상대의 주소와 포트가 달라, 커널은 (내 주소, 내 포트, 상대 주소, 상대 포트) 네 쌍으로 연결을 구별합니다.`,
      en:
        i === 0
          ? 'accept(): client 1’s connection becomes a new socket, client_socket[0]. The listener stays in LISTEN: every connection gets its own socket.'
          : `accept(): client_socket[${i}], one more new socket. They all use the server’s port, but the peers’ addresses and ports differ: the kernel tells connections apart by the four of them (local address and port, remote address and port).`,
    },
    expect: { ret: 'fd', errno: null, blocks: false, tcp: 'ESTABLISHED', acceptQueue: 2 - i },
  };
}

function answerSteps(i: number): Step[] {
  const n = i + 1;
  return [
    {
      actor: 'server',
      call: { syscall: 'write', socket: `client_socket[${i}]`, data: { sprintf: '%d : %s', from: 'buff_rcv' } },
      line: s('write(client_socket[i]'),
      narration: {
        ko: `서버가 client_socket[${i}]로 답합니다. 이 답은 ${n}번 클라이언트에게만 갑니다.`,
        en: `The server answers on client_socket[${i}]; only client ${n} gets it.`,
      },
      expect: { ret: answer(n).length, errno: null, packets: ['PSH,ACK'] },
    },
    {
      actor: `client${n}`,
      call: { syscall: 'read', socket: 'sock', size: 1023, into: 'buff', print: '%s\n' },
      line: c('str_len = read('),
      narration: {
        ko: `${n}번 클라이언트가 자기 답을 읽어 출력합니다.`,
        en: `Client ${n} reads its own answer and prints it.`,
      },
      expect: { ret: answer(n).length, errno: null, text: answer(n) },
    },
  ];
}

function writeStep(n: number, narration: Step['narration']): Step {
  return {
    actor: `client${n}`,
    call: { syscall: 'write', socket: 'sock', data: { text: hello(n) } },
    line: c('write(sock'),
    narration,
    expect: { ret: hello(n).length, errno: null, packets: ['PSH,ACK'] },
  };
}

function closeSteps(i: number): Step[] {
  const n = i + 1;
  return [
    {
      actor: `client${n}`,
      call: { syscall: 'close', socket: 'sock' },
      line: c('close(sock)'),
      narration: { ko: `${n}번 클라이언트가 닫습니다.`, en: `Client ${n} closes.` },
      expect: { ret: 0, errno: null, packets: ['FIN,ACK'] },
    },
    {
      actor: 'server',
      call: { syscall: 'close', socket: `client_socket[${i}]` },
      line: s('close(client_socket[i])'),
      narration: {
        ko: `서버는 자신이 만든 소켓 client_socket[${i}]도 닫아야 합니다. 닫지 않으면 CLOSE_WAIT로 남습니다.`,
        en: `The server must close the socket it created, client_socket[${i}], too; otherwise it stays in CLOSE_WAIT.`,
      },
      expect: { ret: 0, errno: null, packets: ['FIN,ACK', 'ACK'] },
    },
  ];
}

/** One listener, three clients, one socket per connection; the listener can close while they talk. */
export const multiClient: Lesson = {
  id: 'multi-client',
  chapter: { ko: '4장. 바이트 스트림과 여러 클라이언트', en: '4. Streams and many clients' },
  title: { ko: '듣기 소켓 하나, 클라이언트 셋', en: 'One listener, three clients' },
  summary: {
    ko: '세 클라이언트가 한 듣기 소켓에 연결하고, accept()가 연결마다 새 소켓을 만듭니다. 튜토리얼 말대로 서버는 자신이 만든 소켓들을 하나하나 관리해야 합니다. 듣기 소켓을 닫아도 이미 받아들인 연결은 계속 동작합니다.',
    en: 'Three clients connect to one listener, and accept() makes a new socket for each. As the tutorial says, the server must manage every socket it created. Closing the listener leaves the accepted connections working.',
  },
  port: 4000,
  programs: [multiServer, ...multiClients],
  corrections: [],
  steps: [
    {
      actor: 'server',
      call: { syscall: 'socket', as: 'server_socket', role: 'listener' },
      line: s('socket(PF_INET'),
      narration: { ko: '서버 소켓 생성.', en: 'Create the server socket.' },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'server',
      call: { syscall: 'bind', socket: 'server_socket', host: '127.0.0.1', port: '$port' },
      line: s('bind('),
      narration: { ko: 'bind(): 포트를 결합합니다.', en: 'bind(): take the port.' },
      expect: { ret: 0, errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'server',
      call: { syscall: 'listen', socket: 'server_socket', backlog: 5 },
      line: s('listen('),
      narration: {
        ko: 'listen(): 듣기 소켓 하나가 모든 클라이언트의 연결 요청을 받습니다.',
        en: 'listen(): one listening socket takes every client’s connection requests.',
      },
      expect: { ret: 0, errno: null, tcp: 'LISTEN', acceptQueue: 0 },
    },
    ...connectSteps(1),
    ...connectSteps(2),
    ...connectSteps(3),
    acceptStep(0),
    acceptStep(1),
    acceptStep(2),
    {
      actor: 'server',
      call: { syscall: 'close', socket: 'server_socket' },
      line: s('close(server_socket)'),
      narration: {
        ko: '서버가 듣기 소켓을 닫습니다. 이제 새 연결 요청에는 RST가 가지만, 이미 받아들인 세 연결은 각자의 소켓으로 그대로 살아 있습니다(ESTABLISHED). 듣기 소켓은 연결을 받아들일 때만 필요합니다.',
        en: 'The server closes its listener. New connection requests now get RST, but the three accepted connections live on, each in its own socket (ESTABLISHED): a listener is only needed to take connections in.',
      },
      expect: { ret: 0, errno: null, table: [{ state: 'ESTABLISHED', fd: true, side: 'server' }] },
    },
    writeStep(2, {
      ko: '2번 클라이언트가 먼저 메시지를 보냅니다. 데이터는 client_socket[1]의 수신 큐에 쌓입니다.',
      en: 'Client 2 sends first. The bytes wait in client_socket[1]’s receive queue.',
    }),
    {
      actor: 'server',
      call: { syscall: 'read', socket: 'client_socket[0]', size: 1024, into: 'buff_rcv' },
      line: s('str_len = read('),
      narration: {
        ko: '서버는 차례대로 처리합니다: client_socket[0]의 read()는 1번 클라이언트가 아직 아무것도 보내지 않아 블록됩니다. 2번의 메시지는 준비되어 있지만 서버는 여기서 멈춰 있습니다. 블로킹 서버가 여러 클라이언트를 차례로 다루면 가장 느린 클라이언트를 기다리게 됩니다.',
        en: 'The server goes in turn: read() on client_socket[0] blocks, since client 1 has sent nothing. Client 2’s message is ready, but the server is stuck here: a blocking server that serves clients in turn waits for the slowest.',
      },
      expect: { ret: hello(1).length, errno: null, blocks: true, text: hello(1) },
    },
    writeStep(1, {
      ko: '1번 클라이언트가 보내자 서버의 read()가 깨어납니다.',
      en: 'Client 1 sends, and the server’s read() wakes up.',
    }),
    ...answerSteps(0),
    {
      actor: 'server',
      call: { syscall: 'read', socket: 'client_socket[1]', size: 1024, into: 'buff_rcv' },
      line: s('str_len = read('),
      narration: {
        ko: 'client_socket[1]의 read()는 바로 돌아옵니다: 2번의 메시지는 그동안 커널의 수신 큐에서 기다리고 있었습니다.',
        en: 'read() on client_socket[1] returns at once: client 2’s message was waiting in the kernel’s receive queue all along.',
      },
      expect: { ret: hello(2).length, errno: null, blocks: false, text: hello(2) },
    },
    ...answerSteps(1),
    writeStep(3, {
      ko: '3번 클라이언트가 보냅니다.',
      en: 'Client 3 sends.',
    }),
    {
      actor: 'server',
      call: { syscall: 'read', socket: 'client_socket[2]', size: 1024, into: 'buff_rcv' },
      line: s('str_len = read('),
      narration: {
        ko: 'client_socket[2]에서 3번의 메시지를 읽습니다. 세 연결의 데이터는 서로 섞이지 않습니다.',
        en: 'Read client 3’s message from client_socket[2]. The three connections’ bytes never mix.',
      },
      expect: { ret: hello(3).length, errno: null, blocks: false, text: hello(3) },
    },
    ...answerSteps(2),
    ...closeSteps(0),
    ...closeSteps(1),
    ...closeSteps(2),
  ],
};
