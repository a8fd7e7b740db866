import { cHeaders, lineOf } from './programs.ts';
import type { Lesson, Program, Step } from './types.ts';

/** A server with backlog 1 that is busy before it accepts anyone. */
export const backlogServer: Program = {
  actor: 'server',
  file: 'busy_server.c',
  title: { ko: '서버: ./busy_server', en: 'server: ./busy_server' },
  lines: [
    ...cHeaders,
    '',
    'int main(void)',
    '{',
    '    int server_socket, client_socket[4], i;',
    '    struct sockaddr_in server_addr, client_addr;',
    '    socklen_t client_addr_size;',
    '',
    '    server_socket = socket(PF_INET, SOCK_STREAM, 0);',
    '    memset(&server_addr, 0, sizeof(server_addr));',
    '    server_addr.sin_family      = AF_INET;',
    '    server_addr.sin_port        = htons({port});',
    '    server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);',
    '    if (-1 == bind(server_socket, (struct sockaddr*)&server_addr, sizeof(server_addr)))',
    '    { printf("bind() 실행 에러\\n"); exit(1); }',
    '',
    '    if (-1 == listen(server_socket, 1))      /* backlog 1 */',
    '    { printf("대기상태 모드 설정 실패\\n"); exit(1); }',
    '',
    '    /* ... busy elsewhere: no accept() for a while ... */',
    '',
    '    for (i = 0; i < 4; i++) {',
    '        client_addr_size = sizeof(client_addr);',
    '        client_socket[i] = accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);',
    '    }',
    '    for (i = 0; i < 4; i++)',
    '        close(client_socket[i]);',
    '    close(server_socket);',
    '    return 0;',
    '}',
  ],
};

/** The client each of the four runs: connect, say so, hang up. */
function backlogClient(actor: string, n: number): Program {
  return {
    actor,
    file: 'client.c',
    title: { ko: `클라이언트 ${n}: ./client`, en: `client ${n}: ./client` },
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
      '    printf("connected\\n");',
      '    close(sock);',
      '    return 0;',
      '}',
    ],
  };
}

/** The four clients, `client1` … `client4`. */
export const backlogClients: readonly Program[] = [1, 2, 3, 4].map((n) => backlogClient(`client${n}`, n));

const server = (needle: string) => lineOf(backlogServer, needle);
const client = (needle: string) => lineOf(backlogClient('client', 1), needle);

function clientSocket(n: number): Step {
  return {
    actor: `client${n}`,
    call: { syscall: 'socket', as: 'sock', role: 'client' },
    line: client('socket(PF_INET'),
    narration: {
      ko: `${n}번 클라이언트가 소켓을 만듭니다.`,
      en: `Client ${n} creates its socket.`,
    },
    expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
  };
}

function serverClose(i: number): Step {
  return {
    actor: 'server',
    call: { syscall: 'close', socket: `client_socket[${i}]` },
    line: server('close(client_socket[i])'),
    narration: {
      ko: `서버가 자신이 만든 소켓 하나(client_socket[${i}])를 닫습니다(FIN). 상대 클라이언트 쪽은 CLOSE_WAIT가 됩니다.`,
      en: `The server closes client_socket[${i}], one of the sockets it created (FIN); that client’s end goes to CLOSE_WAIT.`,
    },
    expect: { ret: 0, errno: null, packets: ['FIN,ACK'] },
  };
}

/** listen(fd, 1) and four clients: backlog + 1 connections complete, the others retransmit their SYN. */
export const backlog: Lesson = {
  id: 'backlog',
  chapter: { ko: '2장. 커널이 하는 일', en: '2. What the kernel does' },
  title: { ko: 'backlog: 대기 큐가 가득 차면', en: 'The backlog: when the accept queue is full' },
  summary: {
    ko: 'listen(fd, 1)인 서버가 accept()하지 않는 동안 네 클라이언트가 connect()합니다. backlog+1개(2개)만 연결되고, 나머지는 SYN_SENT에 머물며 SYN을 재전송합니다. accept()가 큐에 자리를 만들면 다음 재전송 때 들어옵니다.',
    en: 'A server with listen(fd, 1) does not accept() while four clients connect(): backlog + 1 (two) connections complete, the others stay in SYN_SENT and retransmit their SYN. Once accept() makes room, they get in at their next retransmission.',
  },
  port: 4000,
  programs: [backlogServer, ...backlogClients],
  corrections: [],
  steps: [
    {
      actor: 'server',
      call: { syscall: 'socket', as: 'server_socket', role: 'listener' },
      line: server('socket(PF_INET'),
      narration: { ko: '서버 소켓 생성.', en: 'Create the server socket.' },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'server',
      call: { syscall: 'bind', socket: 'server_socket', host: '127.0.0.1', port: '$port' },
      line: server('bind('),
      narration: { ko: 'bind(): 포트를 결합합니다.', en: 'bind(): take the port.' },
      expect: { ret: 0, errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'server',
      call: { syscall: 'listen', socket: 'server_socket', backlog: 1 },
      line: server('listen('),
      narration: {
        ko: 'listen(fd, 1): backlog은 accept()를 기다리는 완성된 연결의 대기 큐 크기입니다. 리눅스는 backlog+1개까지 받아 줍니다. 서버는 이제 한동안 다른 일을 하느라 accept()를 부르지 않습니다.',
        en: 'listen(fd, 1): the backlog sizes the queue of finished connections waiting for accept(). Linux lets backlog + 1 in. Now the server is busy elsewhere and calls no accept() for a while.',
      },
      expect: {
        ret: 0,
        errno: null,
        tcp: 'LISTEN',
        acceptQueue: 0,
        table: [{ state: 'LISTEN', fd: true, side: 'server' }],
      },
    },
    clientSocket(1),
    {
      actor: 'client1',
      call: { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      line: client('connect('),
      narration: {
        ko: '1번 클라이언트의 connect(): 핸드셰이크는 커널끼리 끝내고 연결은 대기 큐로 갑니다(1/1). accept()는 필요 없습니다.',
        en: 'Client 1’s connect(): the kernels finish the handshake and the connection waits in the queue (1/1). No accept() needed.',
      },
      expect: { ret: 0, errno: null, tcp: 'ESTABLISHED', acceptQueue: 1, packets: ['SYN', 'SYN,ACK', 'ACK'] },
    },
    clientSocket(2),
    {
      actor: 'client2',
      call: { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      line: client('connect('),
      narration: {
        ko: '2번 클라이언트도 연결됩니다. 큐에 2개: backlog(1)보다 하나 더, 이제 가득 찼습니다.',
        en: 'Client 2 gets in too. Two in the queue: one more than the backlog (1), and now it is full.',
      },
      expect: { ret: 0, errno: null, tcp: 'ESTABLISHED', acceptQueue: 2, packets: ['SYN', 'SYN,ACK', 'ACK'] },
    },
    clientSocket(3),
    {
      actor: 'client3',
      call: { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      line: client('connect('),
      narration: {
        ko: '3번 클라이언트의 SYN: 큐가 가득 차 서버 커널은 SYN을 조용히 버립니다. RST도 SYN-ACK도 없으니 클라이언트는 SYN_SENT에서 막혀(블록) 기다리고, 1초 뒤, 다시 2초 뒤… 간격을 두 배로 늘리며 SYN을 재전송합니다.',
        en: 'Client 3’s SYN: the queue is full, so the server’s kernel silently drops it. No RST, no SYN-ACK: the client blocks in SYN_SENT and retransmits its SYN after 1 s, then 2 s more, doubling each time.',
      },
      expect: {
        ret: 0,
        errno: null,
        blocks: true,
        whileBlocked: { tcp: 'SYN_SENT', acceptQueue: 2 },
        tcp: 'ESTABLISHED',
        packets: ['SYN', 'SYN', 'SYN,ACK'],
      },
    },
    {
      ...clientSocket(4),
      narration: {
        ko: '4번 클라이언트가 소켓을 만듭니다. 커널의 표에는 SYN_SENT인 3번 클라이언트가 보입니다.',
        en: 'Client 4 creates its socket. The kernel’s table shows client 3 in SYN_SENT.',
      },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED', table: [{ state: 'SYN_SENT', fd: true, side: 'client' }] },
    },
    {
      actor: 'client4',
      call: { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      line: client('connect('),
      narration: {
        ko: '4번 클라이언트도 마찬가지로 SYN_SENT에서 블록됩니다. 네 클라이언트 중 backlog+1 = 2개만 연결되었습니다.',
        en: 'Client 4 blocks in SYN_SENT as well. Of four clients, backlog + 1 = 2 are connected.',
      },
      expect: {
        ret: 0,
        errno: null,
        blocks: true,
        whileBlocked: { tcp: 'SYN_SENT', acceptQueue: 2 },
        tcp: 'ESTABLISHED',
        packets: ['SYN', 'SYN', 'SYN,ACK'],
      },
    },
    {
      actor: 'server',
      call: { syscall: 'accept', socket: 'server_socket', as: 'client_socket[0]' },
      line: server('accept('),
      narration: {
        ko: '서버가 드디어 accept()합니다: 큐에서 1번 클라이언트의 연결을 바로 꺼냅니다(2 → 1). 큐에 자리가 하나 생겼지만, 커널은 기다리는 클라이언트를 부르지 않습니다. 버려진 SYN은 클라이언트가 재전송해야 다시 옵니다.',
        en: 'The server finally calls accept(): client 1’s connection comes off the queue at once (2 → 1). There is room for one more, but the kernel calls nobody back: a dropped SYN only comes again when the client retransmits it.',
      },
      expect: { ret: 'fd', errno: null, blocks: false, tcp: 'ESTABLISHED', acceptQueue: 1 },
    },
    {
      actor: 'server',
      call: { syscall: 'accept', socket: 'server_socket', as: 'client_socket[1]' },
      line: server('accept('),
      narration: {
        ko: '두 번째 accept(): 2번 클라이언트의 연결(1 → 0). 이제 자리가 둘입니다.',
        en: 'Second accept(): client 2’s connection (1 → 0). Now there is room for two.',
      },
      expect: { ret: 'fd', errno: null, blocks: false, tcp: 'ESTABLISHED', acceptQueue: 0 },
    },
    {
      actor: 'server',
      call: { syscall: 'accept', socket: 'server_socket', as: 'client_socket[2]' },
      line: server('accept('),
      narration: {
        ko: '세 번째 accept(): 큐가 비어 서버가 블록됩니다. 실제로 기다립니다: 3번과 4번 클라이언트의 재전송 타이머(첫 SYN 뒤 1초)가 울리면 다시 온 SYN에 SYN-ACK가 가고, 핸드셰이크가 끝난 연결이 accept()를 깨웁니다.',
        en: 'Third accept(): the queue is empty and the server blocks, for real, until clients 3 and 4’s retransmission timers fire (1 s after their first SYN): the SYN comes again, gets its SYN-ACK, and the finished connection wakes accept().',
      },
      expect: {
        ret: 'fd',
        errno: null,
        blocks: true,
        whileBlocked: { acceptQueue: 0 },
        tcp: 'ESTABLISHED',
        packets: ['SYN', 'SYN,ACK', 'ACK'],
      },
    },
    {
      actor: 'server',
      call: { syscall: 'accept', socket: 'server_socket', as: 'client_socket[3]' },
      line: server('accept('),
      wait: true,
      narration: {
        ko: '네 번째 accept(): 다른 클라이언트도 자기 재전송 때 들어왔습니다. accept()마다 큐에 자리가 하나씩 생기고, 기다리던 클라이언트는 다음 SYN 재전송 때 그 자리로 들어옵니다.',
        en: 'Fourth accept(): the other client got in at its own retransmission. Each accept() frees one place in the queue, and a waiting client takes it at its next SYN retransmission.',
      },
      expect: { ret: 'fd', errno: null, tcp: 'ESTABLISHED', acceptQueue: 0 },
    },
    { ...serverClose(0), wait: true },
    serverClose(1),
    serverClose(2),
    serverClose(3),
    {
      actor: 'server',
      call: { syscall: 'close', socket: 'server_socket' },
      line: server('close(server_socket)'),
      narration: { ko: '듣기 소켓을 닫습니다.', en: 'Close the listening socket.' },
      expect: { ret: 0, errno: null },
    },
    {
      actor: 'client3',
      call: { syscall: 'close', socket: 'sock' },
      line: client('close(sock)'),
      wait: true,
      narration: {
        ko: '3번 클라이언트의 connect()는 약 1초 만에 0을 돌려주었습니다. "connected"를 출력하고 닫습니다.',
        en: 'Client 3’s connect() returned 0 after about a second. It prints "connected" and closes.',
      },
      expect: { ret: 0, errno: null, packets: ['FIN,ACK', 'ACK'] },
    },
    {
      actor: 'client4',
      call: { syscall: 'close', socket: 'sock' },
      line: client('close(sock)'),
      wait: true,
      narration: {
        ko: '4번 클라이언트도 연결된 뒤 닫습니다.',
        en: 'Client 4, connected as well, closes.',
      },
      expect: { ret: 0, errno: null, packets: ['FIN,ACK', 'ACK'] },
    },
    {
      actor: 'client1',
      call: { syscall: 'close', socket: 'sock' },
      line: client('close(sock)'),
      narration: { ko: '1번 클라이언트가 닫습니다.', en: 'Client 1 closes.' },
      expect: { ret: 0, errno: null, packets: ['FIN,ACK', 'ACK'] },
    },
    {
      actor: 'client2',
      call: { syscall: 'close', socket: 'sock' },
      line: client('close(sock)'),
      narration: {
        ko: '2번 클라이언트가 닫습니다. 먼저 닫은 서버 쪽에 TIME_WAIT 넷이 남습니다.',
        en: 'Client 2 closes. Four TIME_WAITs stay on the server’s side, which closed first.',
      },
      expect: {
        ret: 0,
        errno: null,
        packets: ['FIN,ACK', 'ACK'],
        table: [{ state: 'TIME_WAIT', fd: false, side: 'server' }],
      },
    },
  ],
};
