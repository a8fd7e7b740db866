import type { Invalid } from './callForm.ts';

/** The playground's and the corrections view's strings, in one language (part of `Strings` in i18n.ts). */
export type PlaygroundStrings = {
  modeLabel: string;
  actorsLabel: string;
  lessons: string;
  playground: string;
  introTitle: string;
  intro: string;
  tryTitle: string;
  tries: readonly { call: string; text: string }[];
  addActor: string;
  addActorTitle: string;
  syscall: string;
  socket: string;
  noSocket: string;
  closedTag: string;
  newSocket: string;
  nonblocking: string;
  host: string;
  port: string;
  backlog: string;
  size: string;
  text: string;
  nul: string;
  how: string;
  option: string;
  value: string;
  run: string;
  running: string;
  disabledBlocked: (call: string) => string;
  invalid: (problem: Invalid) => string;
  idle: string;
  ready: string;
  lastCall: (call: string, ret: string) => string;
  starting: string;
  errorTitle: string;
  explain: (code: string, message: string, fd: number | null) => string;
  dismiss: string;
  corrections: {
    title: (n: number) => string;
    seed: string;
    corrected: string;
    why: string;
  };
};

const en: PlaygroundStrings = {
  modeLabel: 'Mode',
  actorsLabel: 'Programs',
  lessons: 'Lessons',
  playground: 'Playground',
  introTitle: 'Playground: any call, in any order',
  intro:
    'Each program below is an actor. Create a socket, then make any call on it with the arguments you choose: each one is a real system call and the kernel answers.',
  tryTitle: 'Try',
  tries: [
    { call: 'accept()', text: 'on a socket that is not listening → EINVAL' },
    { call: 'listen()', text: 'before bind() → the kernel picks a port (getsockname shows it)' },
    { call: 'bind() ×2', text: 'on the same socket → EINVAL' },
    { call: 'connect() ×2', text: 'once connected → EISCONN' },
  ],
  addActor: '+ actor',
  addActorTitle: 'Add another program (a client or a server)',
  syscall: 'call',
  socket: 'socket',
  noSocket: 'no socket yet: call socket() first',
  closedTag: 'closed',
  newSocket: 'a new socket',
  nonblocking: 'SOCK_NONBLOCK',
  host: 'host',
  port: 'port',
  backlog: 'backlog',
  size: 'size',
  text: 'text',
  nul: '+ NUL byte',
  how: 'how',
  option: 'option',
  value: 'value',
  run: 'Call',
  running: 'Calling…',
  disabledBlocked: (call) => `blocked in ${call}(): this program waits until the kernel wakes it`,
  invalid: (problem) => {
    switch (problem.field) {
      case 'socket':
        return 'Pick a socket (create one with socket() first).';
      case 'port':
        return 'The port must be a whole number from 0 to 65535.';
      case 'backlog':
        return 'The backlog must be a whole number from 0 to 4096.';
      case 'size':
        return 'The size must be a whole number from 0 to 65536.';
      case 'value':
        return 'The value must be a whole number from 0 to 3600.';
      case 'host':
        return problem.reason === 'empty' ? 'Type an address, e.g. 127.0.0.1.' : 'The address is too long.';
      case 'text':
        return 'At most 65536 characters.';
      default:
        return 'Invalid input.';
    }
  },
  idle: 'idle',
  ready: 'ready',
  lastCall: (call, ret) => `${call} ${ret}`,
  starting: 'Starting the playground…',
  errorTitle: 'socklab refused the call (no system call was made)',
  explain: (code, message, fd) => {
    switch (code) {
      case 'SOCKLAB_ERR_CLOSED_SOCKET':
        return `Use after close: this socket was already closed. In C, fd ${fd ?? 'N'} may already be another file or socket: close() gave the number back and the next open(), socket() or accept() reuses the lowest free one, so reading it would read someone else's data. socklab refuses the call instead. After close(fd), set fd = -1.`;
      case 'SOCKLAB_ERR_ADDRESS_REFUSED':
        return 'socklab only binds and connects to loopback (127.0.0.1 or ::1), so nothing leaves this machine. Use 127.0.0.1.';
      case 'SOCKLAB_ERR_BUSY':
        return 'This program is still blocked in an earlier call. A blocked program cannot make another call until the kernel wakes it: make another program do something (connect, write, close).';
      case 'SOCKLAB_ERR_BAD_MESSAGE':
        return `The call's arguments were not accepted: ${message}`;
      case 'SOCKLAB_ERR_LIMIT':
        return `A lab limit was reached: ${message}`;
      case 'SOCKLAB_ERR_NO_SUCH_SOCKET':
        return 'That socket does not exist in this session (the playground restarted?). Pick another one.';
      default:
        return message;
    }
  },
  dismiss: 'Dismiss',
  corrections: {
    title: (n) => `The seed's code, corrected (${n})`,
    seed: 'seed',
    corrected: 'corrected',
    why: 'why',
  },
};

const ko: PlaygroundStrings = {
  modeLabel: '모드',
  actorsLabel: '프로그램',
  lessons: '레슨',
  playground: '놀이터',
  introTitle: '놀이터: 아무 호출이나, 아무 순서로',
  intro:
    '아래의 각 프로그램이 하나의 행위자입니다. 소켓을 만든 뒤 원하는 인자로 아무 호출이나 해 보세요. 모두 진짜 시스템 호출이고, 답은 커널이 합니다.',
  tryTitle: '해 볼 것',
  tries: [
    { call: 'accept()', text: 'listen하지 않은 소켓에서 → EINVAL' },
    { call: 'listen()', text: 'bind() 없이 → 커널이 포트를 고릅니다 (getsockname으로 확인)' },
    { call: 'bind() ×2', text: '같은 소켓에 두 번 → EINVAL' },
    { call: 'connect() ×2', text: '이미 연결된 소켓에서 → EISCONN' },
  ],
  addActor: '+ 행위자',
  addActorTitle: '프로그램을 하나 더 추가합니다 (클라이언트나 서버)',
  syscall: '호출',
  socket: '소켓',
  noSocket: '아직 소켓이 없습니다: 먼저 socket()을 호출하세요',
  closedTag: '닫힘',
  newSocket: '새 소켓',
  nonblocking: 'SOCK_NONBLOCK',
  host: '호스트',
  port: '포트',
  backlog: 'backlog',
  size: '크기',
  text: '내용',
  nul: '+ NUL 바이트',
  how: 'how',
  option: '옵션',
  value: '값',
  run: '호출',
  running: '호출 중…',
  disabledBlocked: (call) => `${call}()에서 멈춤: 커널이 깨울 때까지 이 프로그램은 기다립니다`,
  invalid: (problem) => {
    switch (problem.field) {
      case 'socket':
        return '소켓을 고르세요 (먼저 socket()으로 만드세요).';
      case 'port':
        return '포트는 0에서 65535 사이의 정수여야 합니다.';
      case 'backlog':
        return 'backlog는 0에서 4096 사이의 정수여야 합니다.';
      case 'size':
        return '크기는 0에서 65536 사이의 정수여야 합니다.';
      case 'value':
        return '값은 0에서 3600 사이의 정수여야 합니다.';
      case 'host':
        return problem.reason === 'empty' ? '주소를 입력하세요. 예: 127.0.0.1' : '주소가 너무 깁니다.';
      case 'text':
        return '최대 65536자입니다.';
      default:
        return '입력이 올바르지 않습니다.';
    }
  },
  idle: '대기',
  ready: '준비됨',
  lastCall: (call, ret) => `${call} ${ret}`,
  starting: '놀이터를 시작하는 중…',
  errorTitle: 'socklab이 호출을 거절했습니다 (시스템 호출은 일어나지 않았습니다)',
  explain: (code, message, fd) => {
    switch (code) {
      case 'SOCKLAB_ERR_CLOSED_SOCKET':
        return `닫은 뒤 사용(use after close): 이 소켓은 이미 닫혔습니다. C에서는 fd ${fd ?? 'N'}이(가) 이미 다른 파일이나 소켓일 수 있습니다. close()가 번호를 돌려주면 다음 open(), socket(), accept()가 가장 작은 빈 번호를 다시 쓰므로, 그 fd를 읽으면 남의 데이터를 읽게 됩니다. socklab은 대신 호출을 거절합니다. close(fd) 뒤에는 fd = -1로 두세요.`;
      case 'SOCKLAB_ERR_ADDRESS_REFUSED':
        return 'socklab은 루프백(127.0.0.1 또는 ::1)에만 bind/connect하므로 이 컴퓨터 밖으로는 아무것도 나가지 않습니다. 127.0.0.1을 쓰세요.';
      case 'SOCKLAB_ERR_BUSY':
        return '이 프로그램은 앞의 호출에서 아직 멈춰 있습니다. 멈춘 프로그램은 커널이 깨울 때까지 다른 호출을 할 수 없습니다. 다른 프로그램이 무언가(connect, write, close)를 하게 하세요.';
      case 'SOCKLAB_ERR_BAD_MESSAGE':
        return `호출의 인자가 받아들여지지 않았습니다: ${message}`;
      case 'SOCKLAB_ERR_LIMIT':
        return `실습의 한도에 닿았습니다: ${message}`;
      case 'SOCKLAB_ERR_NO_SUCH_SOCKET':
        return '이 세션에 그런 소켓이 없습니다 (놀이터가 다시 시작되었나요?). 다른 소켓을 고르세요.';
      default:
        return message;
    }
  },
  dismiss: '닫기',
  corrections: {
    title: (n) => `튜토리얼 코드의 수정 (${n})`,
    seed: '튜토리얼',
    corrected: '수정',
    why: '이유',
  },
};

/** The playground strings by language. */
export const playgroundStrings = { en, ko } as const;
