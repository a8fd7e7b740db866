import type { Lang } from '@socklab/lessons';

/** Every string the UI shows, in one language. Parameterised strings are functions. */
export type Strings = {
  wordmarkTagline: string;
  lesson: string;
  port: string;
  portHint: string;
  portChosen: (port: number) => string;
  language: string;
  connection: Record<'connecting' | 'open' | 'reconnecting' | 'noToken', string>;
  reconnectIn: (seconds: number) => string;
  retryNow: string;
  noToken: string;
  captureOff: string;
  captureOn: string;
  sockDiagOff: string;
  dropped: (n: number) => string;
  actorName: (actor: string) => string;
  process: {
    idle: string;
    running: string;
    blockedIn: (actor: string, call: string) => string;
    inCall: (call: string) => string;
    paused: (line: number) => string;
    done: string;
  };
  blockedMarker: string;
  sockets: string;
  fdTitle: string;
  noSockets: string;
  role: Record<'listener' | 'client' | 'connection', string>;
  apiState: string;
  tcpState: string;
  tcpClosedFd: string;
  local: string;
  remote: string;
  none: string;
  acceptQueue: string;
  closedSocket: string;
  stdout: string;
  stdoutEmpty: string;
  timeline: string;
  timelineEmpty: string;
  pending: string;
  refused: string;
  blockedFor: (seconds: string) => string;
  blockedNow: string;
  bytes: (n: number) => string;
  sent: string;
  received: string;
  stepOf: (index: number, total: number) => string;
  ready: string;
  ended: string;
  endedMismatch: (n: number) => string;
  endedEarly: string;
  waitingLesson: string;
  checkOk: (n: number) => string;
  checkNone: string;
  checkWarning: (expected: string, actual: string) => string;
  step: string;
  play: string;
  pause: string;
  reset: string;
  speed: string;
  speeds: Record<'slow' | 'normal' | 'fast', string>;
  keyboardHint: string;
  reconnected: string;
  serverError: string;
  dismiss: string;
  review: string;
  backToLive: string;
  libcCall: string;
  packets: string;
  kernelTable: string;
  kernelTableEmpty: string;
};

const en: Strings = {
  wordmarkTagline: 'TCP sockets on the real kernel',
  lesson: 'Lesson',
  port: 'Port',
  portHint: '0 = the kernel picks',
  portChosen: (port) => `kernel chose ${port}`,
  language: 'Language',
  connection: {
    connecting: 'Connecting…',
    open: 'Connected',
    reconnecting: 'Reconnecting…',
    noToken: 'No token',
  },
  reconnectIn: (s) => `retrying in ${s} s`,
  retryNow: 'Retry now',
  noToken: 'This page has no access token. Open the address that `socklab serve` printed (it ends in ?token=…).',
  captureOn: 'packet capture on',
  captureOff: 'packet capture off',
  sockDiagOff: 'sock_diag unavailable',
  dropped: (n) => `${n} invalid message${n === 1 ? '' : 's'} dropped`,
  actorName: (actor) => (actor === 'server' ? 'Server' : actor === 'client' ? 'Client' : actor),
  process: {
    idle: 'not started',
    running: 'running',
    blockedIn: (actor, call) => `${actor === 'client' ? 'client' : 'server'} is blocked in ${call}()`,
    inCall: (call) => `in ${call}()…`,
    paused: (line) => `line ${line} done · waiting for the next step`,
    done: 'finished',
  },
  blockedMarker: 'blocked',
  sockets: 'Sockets',
  fdTitle: 'file descriptor: the number the kernel returned',
  noSockets: 'No sockets yet',
  role: { listener: 'listening socket', client: 'client socket', connection: 'connection (from accept)' },
  apiState: 'API',
  tcpState: 'kernel TCP',
  tcpClosedFd: 'fd closed',
  local: 'local',
  remote: 'peer',
  none: '—',
  acceptQueue: 'accept queue',
  closedSocket: 'closed',
  stdout: 'stdout',
  stdoutEmpty: 'nothing printed yet',
  timeline: 'System calls',
  timelineEmpty: 'No calls yet. Press Step to make the first one.',
  pending: 'running…',
  refused: 'not run: refused by socklab',
  blockedFor: (s) => `blocked ${s} s`,
  blockedNow: 'blocked…',
  bytes: (n) => `${n} byte${n === 1 ? '' : 's'}`,
  sent: 'sent',
  received: 'received',
  stepOf: (i, n) => `Step ${i} of ${n}`,
  ready: 'Ready. Press Step (→ or Space) to make the first system call.',
  ended: 'Lesson complete: every call ran on the real kernel.',
  endedMismatch: (n) => `Lesson complete, but the kernel disagreed with the lesson ${n} time${n === 1 ? '' : 's'}.`,
  endedEarly:
    'The lesson stopped early: a call failed and the program exited, as the C code does. Reset or change the port to try again.',
  waitingLesson: 'Loading the lesson…',
  checkOk: (n) => `kernel matched the lesson (${n} check${n === 1 ? '' : 's'})`,
  checkNone: 'no checks yet',
  checkWarning: (e, a) => `the kernel disagreed with the lesson: expected ${e}, got ${a}`,
  step: 'Step',
  play: 'Play',
  pause: 'Pause',
  reset: 'Reset',
  speed: 'Speed',
  speeds: { slow: 'slow', normal: 'normal', fast: 'fast' },
  keyboardHint: '→ or Space: step',
  reconnected: 'Reconnected. This is a new session: the server closed the previous sockets, so the lesson restarted.',
  serverError: 'Server error',
  dismiss: 'Dismiss',
  review: 'Reviewing an earlier moment',
  backToLive: 'Back to live',
  libcCall: 'libc call',
  packets: 'TCP segments this call caused on the loopback wire',
  kernelTable: 'Kernel socket table (ss -tan)',
  kernelTableEmpty: 'none of the lab’s sockets is in the kernel’s table',
};

const ko: Strings = {
  wordmarkTagline: '실제 커널 위의 TCP 소켓',
  lesson: '레슨',
  port: '포트',
  portHint: '0 = 커널이 선택',
  portChosen: (port) => `커널이 고른 포트 ${port}`,
  language: '언어',
  connection: {
    connecting: '연결 중…',
    open: '연결됨',
    reconnecting: '다시 연결 중…',
    noToken: '토큰 없음',
  },
  reconnectIn: (s) => `${s}초 뒤 다시 시도`,
  retryNow: '지금 다시 시도',
  noToken: '이 페이지에는 접근 토큰이 없습니다. `socklab serve`가 출력한 주소(?token=…로 끝남)로 여세요.',
  captureOn: '패킷 캡처 켜짐',
  captureOff: '패킷 캡처 꺼짐',
  sockDiagOff: 'sock_diag 사용 불가',
  dropped: (n) => `잘못된 메시지 ${n}개 무시함`,
  actorName: (actor) => (actor === 'server' ? '서버' : actor === 'client' ? '클라이언트' : actor),
  process: {
    idle: '시작 전',
    running: '실행 중',
    blockedIn: (actor, call) => `${actor === 'client' ? '클라이언트가' : '서버가'} ${call}()에서 멈춰 기다리는 중`,
    inCall: (call) => `${call}() 실행 중…`,
    paused: (line) => `${line}번 줄 실행 완료 · 다음 단계를 기다리는 중`,
    done: '종료됨',
  },
  blockedMarker: '블록됨',
  sockets: '소켓',
  fdTitle: '파일 디스크립터: 커널이 돌려준 번호',
  noSockets: '아직 소켓이 없습니다',
  role: { listener: '듣기 소켓', client: '클라이언트 소켓', connection: '연결 소켓 (accept)' },
  apiState: 'API',
  tcpState: '커널 TCP',
  tcpClosedFd: 'fd 닫힘',
  local: '로컬',
  remote: '상대',
  none: '—',
  acceptQueue: '연결 대기 큐',
  closedSocket: '닫힘',
  stdout: '표준 출력',
  stdoutEmpty: '아직 출력 없음',
  timeline: '시스템 콜',
  timelineEmpty: '아직 호출이 없습니다. 한 단계를 눌러 첫 호출을 실행하세요.',
  pending: '실행 중…',
  refused: '실행 안 됨: socklab이 거절',
  blockedFor: (s) => `${s}초 블록`,
  blockedNow: '블록됨…',
  bytes: (n) => `${n}바이트`,
  sent: '보냄',
  received: '받음',
  stepOf: (i, n) => `${n}단계 중 ${i}단계`,
  ready: '준비 완료. 한 단계(→ 또는 Space)를 눌러 첫 시스템 콜을 실행하세요.',
  ended: '레슨 완료: 모든 호출을 실제 커널이 실행했습니다.',
  endedMismatch: (n) => `레슨 완료. 단, 커널 결과가 레슨 예상과 ${n}번 달랐습니다.`,
  endedEarly:
    '레슨이 일찍 끝났습니다: 호출이 실패해 C 코드대로 프로그램이 종료했습니다. 처음부터 다시 하거나 포트를 바꿔 보세요.',
  waitingLesson: '레슨을 불러오는 중…',
  checkOk: (n) => `커널 결과 = 레슨 예상 (${n}개 확인)`,
  checkNone: '아직 확인 없음',
  checkWarning: (e, a) => `커널 결과가 레슨 예상과 다릅니다: 예상 ${e}, 실제 ${a}`,
  step: '한 단계',
  play: '재생',
  pause: '일시정지',
  reset: '처음부터',
  speed: '속도',
  speeds: { slow: '느리게', normal: '보통', fast: '빠르게' },
  keyboardHint: '→ 또는 Space: 한 단계',
  reconnected: '서버와 다시 연결되었습니다. 새 세션이라 이전 소켓은 서버가 닫았고, 레슨을 처음부터 다시 시작했습니다.',
  serverError: '서버 오류',
  dismiss: '닫기',
  review: '지난 시점을 보는 중',
  backToLive: '현재로 돌아가기',
  libcCall: '실제 libc 호출',
  packets: '이 호출이 루프백에 보낸 TCP 세그먼트',
  kernelTable: '커널 소켓 표 (ss -tan)',
  kernelTableEmpty: '커널 표에 실습 소켓이 없습니다',
};

/** The UI strings of each language. */
export const strings: Readonly<Record<Lang, Strings>> = { en, ko };

/** Korean when the browser prefers it, English otherwise. */
export function defaultLang(language: string | undefined): Lang {
  return language?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}
