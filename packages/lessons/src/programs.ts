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

/** The headers every socklab program includes (the seed's, with `sys/socket.h` spelled right). */
export const cHeaders: readonly string[] = [
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
    ...cHeaders,
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
    ...cHeaders,
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
    ...cHeaders,
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
    ...cHeaders,
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
      ko: 'accept()의 세 번째 인자는 값이 아니라 socklen_t 변수의 주소입니다. 커널은 그 변수에서 버퍼 크기를 읽고, 실제 주소 길이를 다시 써 줍니다. 값(16)을 넘기면 예전 컴파일러는 경고만 내고(GCC 14부터는 오류), 실행하면 커널이 주소 16번지를 읽으려다 EFAULT로 실패합니다. 이때 리눅스는 이미 대기 큐에서 꺼낸 연결을 닫아 버리므로 클라이언트의 연결도 끊깁니다.',
      en: "accept()'s third argument is the address of a socklen_t, not a value: the kernel reads the buffer size from it and writes the real address length back. Passing the value (16) only draws a warning from older compilers (an error since GCC 14); at run time the kernel tries to read address 16 and fails with EFAULT, and Linux closes the connection it already took off the queue, so the client is cut off too.",
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

/** The pitfall of sending the NUL, which the seed does on purpose (`strlen(...) + 1`). */
export const nulCorrection: Correction = {
  seed: 'write( client_socket, buff_snd, strlen( buff_snd)+1); // +1: NULL까지 포함해서 전송',
  corrected: 'write(client_socket, buff_snd, strlen(buff_snd));  /* the reader ends the string itself */',
  why: {
    ko: '+1은 문자열 끝의 NULL(0) 바이트까지 선 위로 보냅니다. TCP는 바이트 스트림이라 이 0은 메시지의 경계가 되어 주지 못합니다. 메시지 두 개가 read() 한 번에 오면 printf("%s")와 strlen()은 첫 0에서 멈춰 두 번째 메시지가 사라지고, read()가 메시지의 일부만 가져오면 0이 아예 없습니다. 길이나 구분자로 경계를 정하고, 받는 쪽은 read()의 반환값으로 문자열을 끝내야 합니다.',
    en: 'The +1 puts the string’s terminating NUL (a 0 byte) on the wire. TCP is a byte stream, so that 0 cannot mark where a message ends: when two messages arrive in one read(), printf("%s") and strlen() stop at the first 0 and the second message vanishes; when a read() returns part of a message, there is no 0 at all. Frame messages with a length or a delimiter, and let the reader end its string with read()’s return value.',
  },
};

/** The seed's client prints what read() stored without ending the string. */
export const readTerminatorCorrection: Correction = {
  seed: 'str_len=read(sock, message, sizeof(message)-1); … printf("Message from server: %s \\n", message);',
  corrected:
    'str_len=read(sock, message, sizeof(message)-1); message[str_len] = 0; printf("Message from server: %s \\n", message);',
  why: {
    ko: 'read()는 받은 바이트만 채울 뿐 문자열 끝의 0을 붙이지 않습니다. char message[30]은 초기화되지 않았으므로, 서버가 NULL까지 보내 주지 않으면 printf()가 쓰레기 값을 이어 출력합니다. sizeof(message)-1로 한 칸을 남긴 것은 message[str_len] = 0을 쓰기 위해서입니다.',
    en: 'read() fills in the bytes it received and adds no terminating 0. char message[30] is uninitialised, so unless the server happens to send the NUL, printf() runs on into garbage. The one place sizeof(message)-1 keeps free is for message[str_len] = 0.',
  },
};

/**
 * The seed's mistakes, the ones that keep it from compiling or running right
 * first, each with its corrected line and why it matters.
 */
export const seedPitfallCorrections: readonly Correction[] = (() => {
  const first = ['#include<sys/scoket.h>', 'int  client_addr_size;', 'memset( &server_addr'].map((start) => {
    const found = seedCorrections.find((c) => c.seed.startsWith(start));
    if (!found) throw new Error(`no seed correction starting with ${JSON.stringify(start)}`);
    return found;
  });
  return [...first, nulCorrection, readTerminatorCorrection, ...seedCorrections.filter((c) => !first.includes(c))];
})();
