import type { Correction, Program } from './types.ts';

/**
 * Finds the 1-based line of `program` that contains `needle`, exactly once.
 * Lessons name lines by their code, so editing a program cannot silently
 * shift a step onto the wrong line.
 *
 * @example
 * lineOf(helloServer, 'listen(') // 31
 */
export function lineOf(program: Program, needle: string, nth = 1): number {
  const hits = program.lines.flatMap((line, i) => (line.includes(needle) ? [i + 1] : []));
  const hit = hits[nth - 1];
  if (hit === undefined) throw new Error(`no line ${nth} containing ${JSON.stringify(needle)} in ${program.file}`);
  return hit;
}

const headers = [
  '#include <stdio.h>',
  '#include <stdlib.h>',
  '#include <string.h>',
  '#include <unistd.h>',
  '#include <arpa/inet.h>',
  '#include <sys/socket.h>',
];

/** The seed's server fragments assembled into the server that greets each client. */
export const helloServer: Program = {
  actor: 'server',
  file: 'hello_server.c',
  title: { ko: '서버: ./hello_server', en: 'server: ./hello_server' },
  lines: [
    ...headers,
    '',
    'int main(void)',
    '{',
    '    int server_socket, client_socket;',
    '    struct sockaddr_in server_addr, client_addr;',
    '    socklen_t client_addr_size;',
    '    char message[] = "Hello World!";',
    '',
    '    server_socket = socket(PF_INET, SOCK_STREAM, 0);',
    '    if (-1 == server_socket) { printf("server socket 생성 실패\\n"); exit(1); }',
    '',
    '    memset(&server_addr, 0, sizeof(server_addr));',
    '    server_addr.sin_family      = AF_INET;',
    '    server_addr.sin_port        = htons({port});',
    '    server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);',
    '',
    '    if (-1 == bind(server_socket, (struct sockaddr*)&server_addr, sizeof(server_addr)))',
    '    { printf("bind() 실행 에러\\n"); exit(1); }',
    '',
    '    if (-1 == listen(server_socket, 5))',
    '    { printf("대기상태 모드 설정 실패\\n"); exit(1); }',
    '',
    '    client_addr_size = sizeof(client_addr);',
    '    client_socket = accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);',
    '    if (-1 == client_socket) { printf("클라이언트 연결 수락 실패\\n"); exit(1); }',
    '',
    '    write(client_socket, message, sizeof(message));',
    '    close(client_socket);',
    '    close(server_socket);',
    '    return 0;',
    '}',
  ],
};

/** The seed's complete client program, exactly as the tutorial gives it. */
export const helloClient: Program = {
  actor: 'client',
  file: 'hello_client.c',
  title: { ko: '클라이언트: ./hello_client 127.0.0.1 {port}', en: 'client: ./hello_client 127.0.0.1 {port}' },
  lines: [
    '// C++ TCP 클라이언트 프로그램',
    ...headers,
    '',
    'void error_handling(const char *message);',
    '',
    'int main(int argc, char* argv[])',
    '{',
    '    if(argc!=3){',
    '        printf("Usage : %s <IP> <port>\\n", argv[0]);',
    '        exit(1);',
    '    }',
    '',
    '    int sock=socket(PF_INET, SOCK_STREAM, 0);',
    '    if(sock == -1)',
    '        error_handling("socket() error");',
    '',
    '    // 클라이언트와 마찬가지로 주소정보를 초기화',
    '    struct sockaddr_in serv_addr;',
    '    memset(&serv_addr, 0, sizeof(serv_addr));',
    '    serv_addr.sin_family=AF_INET;',
    '    serv_addr.sin_addr.s_addr=inet_addr(argv[1]);',
    '    serv_addr.sin_port=htons(atoi(argv[2]));',
    '',
    '    // 서버의 주소정보로 클라이언트 소켓이 연결요청을 한다.',
    '    if(connect(sock, (struct sockaddr*)&serv_addr, sizeof(serv_addr))==-1)',
    '        error_handling("connect() error!");',
    '',
    '    // 성공적으로 서버에게서 메시지를 받아오면',
    '    // 0을 반환하고 실패하면 -1을 반환한다.',
    '    char message[30];',
    '    int str_len;',
    '    str_len=read(sock, message, sizeof(message)-1);',
    '    if(str_len==-1)',
    '        error_handling("read() error!");',
    '',
    '    printf("Message from server: %s \\n", message);',
    '    close(sock);',
    '    return 0;',
    '}',
    '',
    'void error_handling(const char *message)',
    '{',
    '    fputs(message, stderr);',
    "    fputc('\\n', stderr);",
    '    exit(1);',
    '}',
  ],
};

/** The seed's server fragments (socket … read, sprintf, write … close) as one echo server. */
export const echoServer: Program = {
  actor: 'server',
  file: 'echo_server.c',
  title: { ko: '서버: ./echo_server', en: 'server: ./echo_server' },
  lines: [
    ...headers,
    '',
    '#define BUFF_SIZE 1024',
    '',
    'int main(void)',
    '{',
    '    int server_socket, client_socket;',
    '    struct sockaddr_in server_addr, client_addr;',
    '    socklen_t client_addr_size;',
    '    char buff_rcv[BUFF_SIZE + 5];',
    '    char buff_snd[BUFF_SIZE + 5];',
    '',
    '    server_socket = socket(PF_INET, SOCK_STREAM, 0);',
    '    if (-1 == server_socket) { printf("server socket 생성 실패\\n"); exit(1); }',
    '',
    '    memset(&server_addr, 0, sizeof(server_addr));',
    '    server_addr.sin_family      = AF_INET;',
    '    server_addr.sin_port        = htons({port});',
    '    server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);',
    '',
    '    if (-1 == bind(server_socket, (struct sockaddr*)&server_addr, sizeof(server_addr)))',
    '    { printf("bind() 실행 에러\\n"); exit(1); }',
    '',
    '    if (-1 == listen(server_socket, 5))',
    '    { printf("대기상태 모드 설정 실패\\n"); exit(1); }',
    '',
    '    client_addr_size = sizeof(client_addr);',
    '    client_socket = accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);',
    '    if (-1 == client_socket) { printf("클라이언트 연결 수락 실패\\n"); exit(1); }',
    '',
    '    read(client_socket, buff_rcv, BUFF_SIZE);',
    '    // 수신한 데이터의 길이',
    '    sprintf(buff_snd, "%d : %s", (int)strlen(buff_rcv), buff_rcv);',
    '    // 클라이언트로 자료 송신',
    '    write(client_socket, buff_snd, strlen(buff_snd) + 1); // +1: NULL까지 포함해서 전송',
    '    close(client_socket);',
    '    close(server_socket);',
    '    return 0;',
    '}',
  ],
};

/** The seed's client fragments as one echo client; the message is argv[1]. */
export const echoClient: Program = {
  actor: 'client',
  file: 'echo_client.c',
  title: { ko: '클라이언트: ./echo_client "{message}"', en: 'client: ./echo_client "{message}"' },
  lines: [
    ...headers,
    '',
    '#define BUFF_SIZE 1024',
    '',
    'int main(int argc, char* argv[])',
    '{',
    '    int client_socket;',
    '    struct sockaddr_in server_addr;',
    '    char buff[BUFF_SIZE + 5];',
    '',
    '    client_socket = socket(PF_INET, SOCK_STREAM, 0);',
    '    if (-1 == client_socket) { printf("socket 생성 실패\\n"); exit(1); }',
    '',
    '    // 주소 정보에 서버 주소와 포트 번호 저장',
    '    memset(&server_addr, 0, sizeof(server_addr));',
    '    server_addr.sin_family = AF_INET;',
    '    server_addr.sin_port = htons({port});   // 포트 번호',
    '    server_addr.sin_addr.s_addr = inet_addr("127.0.0.1");  // 서버의 주소',
    '    if (-1 == connect(client_socket, (struct sockaddr*)&server_addr, sizeof(server_addr)))',
    '    { printf("접속 실패\\n"); exit(1); }',
    '',
    '    write(client_socket, argv[1], strlen(argv[1]) + 1); // +1: NULL까지 포함해서 전송',
    '    read(client_socket, buff, BUFF_SIZE);',
    '    printf("%s\\n", buff);',
    '    close(client_socket);',
    '    return 0;',
    '}',
  ],
};

/** What was changed in the seed's code so that it compiles and runs safely. */
export const seedCorrections: readonly Correction[] = [
  {
    seed: '#include<sys/scoket.h>',
    corrected: '#include <sys/socket.h>',
    why: {
      ko: '헤더 이름 오타(scoket)는 컴파일 오류입니다: 그런 파일은 없습니다.',
      en: 'The header name is misspelled (scoket): no such file, so it does not compile.',
    },
  },
  {
    seed: 'memset( &server_addr, 0, sizeof( server_addr);',
    corrected: 'memset(&server_addr, 0, sizeof(server_addr));',
    why: {
      ko: '닫는 괄호가 하나 빠져 컴파일되지 않습니다.',
      en: 'A closing parenthesis is missing: it does not compile.',
    },
  },
  {
    seed: 'int  client_addr_size; … accept( server_socket, (struct sockaddr*)&client_addr, client_addr_size);',
    corrected:
      'socklen_t client_addr_size; … accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);',
    why: {
      ko: 'accept()의 세 번째 인자는 socklen_t *입니다. 값(16)을 넘기면 커널이 주소 16번지에 쓰려다 EFAULT로 실패하거나 경고가 납니다. 커널은 이 변수에 실제 주소 길이를 다시 써 줍니다.',
      en: "accept()'s third argument is a socklen_t *. Passing the value (16) makes the kernel write to address 16 (EFAULT); the kernel writes the real address length back through the pointer.",
    },
  },
  {
    seed: 'server_addr.sin_addr.s_addr = htonl( INADDR_ANY);',
    corrected: 'server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);',
    why: {
      ko: 'INADDR_ANY는 모든 네트워크 인터페이스에서 접속을 받습니다. socklab의 실습 소켓은 안전을 위해 루프백(127.0.0.1)에만 바인드합니다.',
      en: 'INADDR_ANY accepts connections on every interface; socklab binds lab sockets to loopback (127.0.0.1) only, for safety.',
    },
  },
  {
    seed: 'sprintf( buff_snd, "%d : %s", strlen( buff_rcv), buff_rcv);',
    corrected: 'sprintf(buff_snd, "%d : %s", (int)strlen(buff_rcv), buff_rcv);',
    why: {
      ko: 'strlen()은 size_t를 돌려주는데 %d는 int를 기대합니다(64비트에서 정의되지 않은 동작). 형 변환하거나 %zu를 씁니다.',
      en: 'strlen() returns size_t but %d expects int (undefined behaviour on 64-bit); cast it or use %zu.',
    },
  },
  {
    seed: '// 성공적으로 서버에게서 메시지를 받아오면 0을 반환하고 실패하면 -1을 반환한다.',
    corrected: '(kept as in the seed; the comment is wrong)',
    why: {
      ko: 'read()는 성공하면 0이 아니라 읽은 바이트 수를 돌려줍니다. 0은 상대가 연결을 닫았다는 뜻(EOF)입니다. socklab이 실제 반환값을 보여 줍니다.',
      en: 'read() returns the number of bytes read on success, not 0; 0 means the peer closed (end of stream). socklab shows the real value.',
    },
  },
];
