import { cHeaders, lineOf } from './programs.ts';
import { serverSetup } from './steps.ts';
import type { Lesson, Program } from './types.ts';

/** The text the server writes in part 2: longer than the seed's `char message[30]`. */
export const longMessage = 'This message is longer than thirty bytes.';
/** The Korean message of part 3: 31 bytes of UTF-8, whose 29th byte falls inside '상'. */
export const koreanMessage = '안녕하세요, 소켓 세상!';

/** A server that writes in pieces of its own choosing. */
export const streamServer: Program = {
  actor: 'server',
  file: 'chatty_server.c',
  title: { ko: '서버: ./chatty_server', en: 'server: ./chatty_server' },
  lines: [
    ...cHeaders,
    '#include <netinet/tcp.h>',
    '',
    'int main(void)',
    '{',
    '    int server_socket, client_socket, on = 1;',
    '    struct sockaddr_in server_addr, client_addr;',
    '    socklen_t client_addr_size = sizeof(client_addr);',
    `    char long_msg[] = "${longMessage}";`,
    `    char korean[] = "${koreanMessage}";   /* UTF-8: 31 bytes */`,
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
    '    /* no Nagle: every write leaves at once, as its own segment */',
    '    setsockopt(client_socket, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));',
    '',
    '    write(client_socket, "Hello, ", 7);            /* 1. two writes ... */',
    '    write(client_socket, "World!", 6);',
    '    getchar();',
    '    write(client_socket, long_msg, strlen(long_msg));   /* 2. 41 bytes */',
    '    getchar();',
    '    write(client_socket, korean, strlen(korean));       /* 3. 31 bytes */',
    '    getchar();',
    '    close(client_socket);',
    '    close(server_socket);',
    '    return 0;',
    '}',
  ],
};

/** The seed's client, reading into `char message[30]` until the server hangs up. */
export const streamClient: Program = {
  actor: 'client',
  file: 'stream_client.c',
  title: { ko: '클라이언트: ./stream_client 127.0.0.1 {port}', en: 'client: ./stream_client 127.0.0.1 {port}' },
  lines: [
    ...cHeaders,
    '',
    'int main(int argc, char* argv[])',
    '{',
    '    int sock=socket(PF_INET, SOCK_STREAM, 0);',
    '    struct sockaddr_in serv_addr;',
    '    memset(&serv_addr, 0, sizeof(serv_addr));',
    '    serv_addr.sin_family=AF_INET;',
    '    serv_addr.sin_addr.s_addr=inet_addr(argv[1]);',
    '    serv_addr.sin_port=htons(atoi(argv[2]));',
    '    if(connect(sock, (struct sockaddr*)&serv_addr, sizeof(serv_addr))==-1)',
    '    { perror("connect"); exit(1); }',
    '',
    '    char message[30];',
    '    int str_len;',
    '    while((str_len=read(sock, message, sizeof(message)-1)) > 0) {',
    '        message[str_len] = 0;',
    '        printf("Message from server: %s \\n", message);',
    '    }',
    '    close(sock);',
    '    return 0;',
    '}',
  ],
};

const s = (needle: string) => lineOf(streamServer, needle);
const c = (needle: string) => lineOf(streamClient, needle);
const readLine = c('str_len=read(');
const printed = 'Message from server: %s \n';

/** TCP keeps bytes in order, not the boundaries of writes. */
export const stream: Lesson = {
  id: 'stream',
  chapter: { ko: '4장. 바이트 스트림과 여러 클라이언트', en: '4. Streams and many clients' },
  title: { ko: 'TCP는 바이트 스트림이다', en: 'TCP is a byte stream' },
  summary: {
    ko: 'write() 두 번이 read() 한 번에 도착하고, 튜토리얼의 char message[30]은 긴 메시지를 잘라 읽으며, UTF-8 한국어 메시지는 글자 가운데에서 두 번의 read()로 나뉩니다. TCP가 지키는 것은 바이트의 순서이지 메시지의 경계가 아닙니다.',
    en: 'Two write()s arrive in one read(); the tutorial’s char message[30] cuts a longer message; a Korean UTF-8 message is split across two reads in the middle of a character. TCP keeps the order of bytes, not the boundaries of messages.',
  },
  port: 4000,
  programs: [streamServer, streamClient],
  corrections: [],
  steps: [
    ...serverSetup(streamServer),
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
      line: c('int sock=socket('),
      narration: { ko: '튜토리얼의 클라이언트: 소켓 생성.', en: 'The tutorial’s client: create the socket.' },
      expect: { ret: 'fd', errno: null, tcp: 'CLOSED' },
    },
    {
      actor: 'client',
      call: { syscall: 'connect', socket: 'sock', host: '127.0.0.1', port: '$port' },
      line: c('if(connect('),
      narration: { ko: 'connect(): 연결되고 accept()가 깨어납니다.', en: 'connect(): connected; accept() wakes up.' },
      expect: { ret: 0, errno: null, tcp: 'ESTABLISHED', packets: ['SYN', 'SYN,ACK', 'ACK'] },
    },
    {
      actor: 'server',
      call: { syscall: 'setsockopt', socket: 'client_socket', option: 'TCP_NODELAY', value: 1 },
      line: s('TCP_NODELAY'),
      narration: {
        ko: 'TCP_NODELAY: 작은 조각을 모아 보내는 Nagle 알고리즘을 끕니다. 이제 write()마다 따로 세그먼트가 나가서, 선 위에서 경계가 보입니다.',
        en: 'TCP_NODELAY turns off Nagle’s algorithm, which gathers small pieces. Now every write() leaves as its own segment: the boundaries are visible on the wire.',
      },
      expect: { ret: 0, errno: null },
    },
    {
      actor: 'server',
      call: { syscall: 'write', socket: 'client_socket', data: { text: 'Hello, ' } },
      line: s('"Hello, "'),
      narration: {
        ko: '첫 번째 write(): "Hello, " 7바이트, 세그먼트 하나.',
        en: 'First write(): "Hello, ", 7 bytes, one segment.',
      },
      expect: { ret: 7, errno: null, packets: ['PSH,ACK'] },
    },
    {
      actor: 'server',
      call: { syscall: 'write', socket: 'client_socket', data: { text: 'World!' } },
      line: s('"World!"'),
      narration: {
        ko: '두 번째 write(): "World!" 6바이트, 또 하나의 세그먼트. 클라이언트 커널의 수신 큐에는 이제 13바이트가 이어져 있습니다.',
        en: 'Second write(): "World!", 6 bytes, another segment. The client kernel’s receive queue now holds 13 bytes in a row.',
      },
      expect: { ret: 6, errno: null, packets: ['PSH,ACK'] },
    },
    {
      actor: 'client',
      call: { syscall: 'read', socket: 'sock', size: 29, into: 'message', print: printed },
      line: readLine,
      narration: {
        ko: 'read() 한 번이 13바이트 "Hello, World!"를 모두 가져옵니다. 세그먼트가 둘, write()가 둘이었어도 받는 쪽에는 경계가 없습니다. 메시지를 나누려면 길이나 구분자(예: 줄바꿈)를 프로토콜로 정해야 합니다.',
        en: 'One read() takes all 13 bytes, "Hello, World!". Two segments, two write()s, yet the reader sees no boundary. To separate messages, a protocol needs lengths or delimiters (a newline, say).',
      },
      expect: { ret: 13, errno: null, blocks: false, text: 'Hello, World!' },
    },
    {
      actor: 'server',
      call: { syscall: 'write', socket: 'client_socket', data: { text: longMessage } },
      line: s('write(client_socket, long_msg'),
      narration: {
        ko: '41바이트 메시지를 한 번에 씁니다.',
        en: 'Write a 41-byte message in one go.',
      },
      expect: { ret: 41, errno: null, packets: ['PSH,ACK'] },
    },
    {
      actor: 'client',
      call: { syscall: 'read', socket: 'sock', size: 29, into: 'message', print: printed },
      line: readLine,
      narration: {
        ko: '튜토리얼의 char message[30]: read(sock, message, sizeof(message)-1)은 29바이트까지만 읽습니다(마지막 한 칸은 문자열 끝의 0 자리). 메시지가 잘려 29바이트가 오고, 나머지 12바이트는 커널의 수신 큐(Recv-Q)에 남습니다.',
        en: 'The tutorial’s char message[30]: read(sock, message, sizeof(message)-1) reads at most 29 bytes (the last place is for the terminating 0). The message is cut at 29 bytes; the other 12 stay in the kernel’s receive queue (Recv-Q).',
      },
      expect: { ret: 29, errno: null, text: longMessage.slice(0, 29) },
    },
    {
      actor: 'client',
      call: { syscall: 'read', socket: 'sock', size: 29, into: 'message', print: printed },
      line: readLine,
      narration: {
        ko: '다음 read()가 나머지 12바이트를 가져옵니다. 튜토리얼의 클라이언트처럼 read()를 한 번만 한다면 이 부분은 읽히지 않습니다.',
        en: 'The next read() gets the remaining 12 bytes. A client that reads only once, like the tutorial’s, never sees them.',
      },
      expect: { ret: 12, errno: null, text: longMessage.slice(29) },
    },
    {
      actor: 'server',
      call: { syscall: 'write', socket: 'client_socket', data: { text: koreanMessage } },
      line: s('write(client_socket, korean'),
      narration: {
        ko: `"${koreanMessage}": 한글 한 글자는 UTF-8로 3바이트라 모두 31바이트입니다.`,
        en: `"${koreanMessage}": each Hangul syllable is 3 bytes of UTF-8, 31 bytes in all.`,
      },
      expect: { ret: 31, errno: null, packets: ['PSH,ACK'] },
    },
    {
      actor: 'client',
      call: { syscall: 'read', socket: 'sock', size: 29, into: 'message', print: printed },
      line: readLine,
      narration: {
        ko: 'read()는 29바이트에서 자릅니다. 그 자리는 "상"(EC 83 81)의 가운데라서 마지막 두 바이트 EC 83은 글자가 되지 못하고, 출력에는 깨진 문자(�)가 보입니다. read()는 글자를 모릅니다. 바이트만 셉니다.',
        en: 'read() cuts at 29 bytes, in the middle of "상" (EC 83 81): the last two bytes, EC 83, are not a character, and the output shows a broken one (�). read() knows nothing of characters; it counts bytes.',
      },
      expect: { ret: 29, errno: null, text: '안녕하세요, 소켓 세\uFFFD' },
    },
    {
      actor: 'client',
      call: { syscall: 'read', socket: 'sock', size: 29, into: 'message', print: printed },
      line: readLine,
      narration: {
        ko: '다음 read()는 "상"의 마지막 바이트 81과 "!"의 2바이트를 받습니다. 이것만으로도 깨져 보입니다. 바이트를 모아 완전한 UTF-8 문자가 된 뒤에 해석해야 합니다.',
        en: 'The next read() gets the last byte of "상", 81, and "!": 2 bytes, broken on their own too. Bytes must be gathered into whole UTF-8 characters before they are decoded.',
      },
      expect: { ret: 2, errno: null, text: '\uFFFD!' },
    },
    {
      actor: 'server',
      call: { syscall: 'close', socket: 'client_socket' },
      line: s('close(client_socket)'),
      narration: { ko: '서버가 연결을 닫습니다(FIN).', en: 'The server closes the connection (FIN).' },
      expect: { ret: 0, errno: null, packets: ['FIN,ACK'] },
    },
    {
      actor: 'client',
      call: { syscall: 'read', socket: 'sock', size: 29, into: 'message' },
      line: readLine,
      narration: {
        ko: 'read()가 0을 돌려주어(EOF) while 반복이 끝납니다.',
        en: 'read() returns 0 (end of stream) and the while loop ends.',
      },
      expect: { ret: 0, errno: null, tcp: 'CLOSE_WAIT', text: '' },
    },
    {
      actor: 'client',
      call: { syscall: 'close', socket: 'sock' },
      line: c('close(sock)'),
      narration: { ko: '클라이언트 소켓을 닫습니다.', en: 'Close the client socket.' },
      expect: { ret: 0, errno: null, packets: ['FIN,ACK'] },
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
