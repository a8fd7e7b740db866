import type { Lang } from '@socklab/lessons';
import { type PlaygroundStrings, playgroundStrings } from './playground/strings.ts';

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
  tabs: { calls: string; wire: string; kernel: string };
  tabsLabel: string;
  tabChanged: string;
  captureOffShort: string;
  diagram: {
    title: string;
    source: string;
    label: (state: string) => string;
    empty: string;
    pick: string;
    now: string;
    passed: string;
    lastChange: string;
    reported: (from: string, to: string) => string;
    via: (states: string) => string;
    direct: string;
    noChange: (state: string) => string;
    fdClosed: string;
    or: string;
    hint: string;
    note2: string;
    reset: string;
    followed: string;
  };
  endpoint: {
    fd: (fd: number) => string;
    noFd: string;
    queued: string;
    orphan: string;
    outside: string;
    of: (actor: string) => string;
  };
  wire: {
    title: string;
    empty: string;
    betweenCalls: string;
    betweenCallsHint: string;
    outside: string;
    listening: string;
    pick: string;
    callGroup: (call: string) => string;
    packetCount: (n: number) => string;
  };
  packet: {
    title: string;
    close: string;
    flags: string;
    from: string;
    to: string;
    seq: string;
    seqTitle: string;
    ack: string;
    ackTitle: string;
    relative: string;
    absolute: string;
    window: string;
    windowScaled: (shift: number, bytes: string) => string;
    windowUnscaled: string;
    length: string;
    options: string;
    mss: string;
    windowScale: string;
    sackPermitted: string;
    sackBlocks: string;
    timestamps: string;
    unknownOptions: string;
    none: string;
    yes: string;
    payload: string;
    noPayload: string;
    noAck: string;
    causedBy: (call: string) => string;
    between: string;
    at: (ms: string) => string;
  };
  captureNote: {
    title: string;
    body: string;
    sudo: string;
    setcap: string;
    restart: string;
    reason: (reason: string) => string;
  };
  kernel: {
    title: string;
    state: string;
    stateHint: string;
    recvQ: string;
    sendQ: string;
    local: string;
    peer: string;
    timer: string;
    holder: string;
    holderFd: (fd: number | null) => string;
    holderNoFd: string;
    holderOutside: string;
    holderOutsideNoFd: string;
    listenerQueues: string;
    recvQListener: string;
    sendQListener: string;
    recvQTitle: string;
    sendQTitle: string;
    source: (source: 'sock_diag' | 'proc') => string;
    sourceTitle: string;
    changed: string;
    added: string;
    gone: string;
    select: string;
    unavailable: string;
  };
  nc: { hint: string; copy: string; copied: string; title: string };
  selectSocket: string;
  pg: PlaygroundStrings;
};

/** `server` → Server, `client3` → Client 3, anything else as it is. */
function actorLabel(actor: string, server: string, client: string): string {
  const match = /^(server|client)(\d*)$/.exec(actor);
  if (match === null) return actor;
  const name = match[1] === 'server' ? server : client;
  return match[2] === '' ? name : `${name} ${match[2]}`;
}

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
  actorName: (actor) => actorLabel(actor, 'Server', 'Client'),
  process: {
    idle: 'not started',
    running: 'running',
    blockedIn: (actor, call) => `${actorLabel(actor, 'server', 'client')} is blocked in ${call}()`,
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
  tabs: { calls: 'System calls', wire: 'Wire', kernel: 'Kernel' },
  tabsLabel: 'What to show beside the programs',
  tabChanged: 'changed at this step',
  captureOffShort: 'off',
  diagram: {
    title: 'TCP state',
    source: 'RFC 9293',
    label: (state) => `TCP state diagram (RFC 9293); the selected socket is in ${state}`,
    empty: 'No socket yet. Step to create one.',
    pick: 'Follow:',
    now: 'now',
    passed: 'passed through',
    lastChange: 'last change',
    reported: (from, to) => `Kernel reported ${from} → ${to}`,
    via: (states) => `${states} in between, too fast to observe`,
    direct: 'one transition',
    noChange: (state) => `The kernel reports ${state}; no change yet.`,
    fdClosed: 'fd closed: the kernel no longer lists it',
    or: ' or ',
    hint: 'Click a socket card, a kernel-table row or a chip above to follow another socket. Hover an arrow to read it.',
    note2: 'RFC 9293 note 2',
    reset: 'reset (RST)',
    followed: 'in the diagram',
  },
  endpoint: {
    fd: (fd) => `fd ${fd}`,
    noFd: 'no fd',
    queued: 'in the accept queue',
    orphan: 'kept by the kernel',
    outside: 'another program',
    of: (actor) => (actor === 'server' ? 'server' : actor === 'client' ? 'client' : actor),
  },
  wire: {
    title: 'Packets on the loopback wire',
    empty: 'No packets yet. Each TCP segment appears here with the call that caused it.',
    betweenCalls: 'between calls',
    betweenCallsHint: 'Sent while no call was running: a delayed ACK, a retransmission, or another program.',
    outside: 'another program',
    listening: 'listening port',
    pick: 'Click a packet to decode its header.',
    callGroup: (call) => `caused by ${call}`,
    packetCount: (n) => `${n} packet${n === 1 ? '' : 's'}`,
  },
  packet: {
    title: 'TCP segment',
    close: 'Close',
    flags: 'Flags',
    from: 'From',
    to: 'to',
    seq: 'Seq',
    seqTitle: 'Sequence number: relative to this side’s first (ISN), and as sent',
    ack: 'Ack',
    ackTitle: 'Acknowledgment number: the next byte this side expects',
    relative: 'rel.',
    absolute: 'abs.',
    window: 'Window',
    windowScaled: (shift, bytes) => `× 2^${shift} = ${bytes} bytes`,
    windowUnscaled: '(a SYN’s window is not scaled)',
    length: 'Length',
    options: 'Options',
    mss: 'MSS',
    windowScale: 'Window scale',
    sackPermitted: 'SACK permitted',
    sackBlocks: 'SACK blocks',
    timestamps: 'Timestamps',
    unknownOptions: 'Other options (kind)',
    none: 'none',
    yes: 'yes',
    payload: 'Payload',
    noPayload: 'no payload',
    noAck: '— (the ACK flag is not set)',
    causedBy: (call) => `caused by ${call}`,
    between: 'between calls',
    at: (ms) => `at +${ms} ms`,
  },
  captureNote: {
    title: 'Packet capture is off',
    body: 'Seeing the packets needs the CAP_NET_RAW capability, which this server does not have. Everything else (calls, sockets, the kernel table, the state diagram) works without it.',
    sudo: 'Run socklab with sudo:',
    setcap: 'or give Node the capability once:',
    restart: 'then start socklab again.',
    reason: (reason) => `The server says: ${reason}`,
  },
  kernel: {
    title: 'Kernel socket table',
    state: 'State',
    stateHint: 'RFC 9293 name, and the name Linux uses',
    recvQ: 'Recv-Q',
    sendQ: 'Send-Q',
    local: 'Local',
    peer: 'Peer',
    timer: 'Timer',
    holder: 'Held by',
    holderFd: (fd) => (fd === null ? 'a process' : `fd ${fd}`),
    holderNoFd: 'no fd',
    holderOutside: 'another program',
    holderOutsideNoFd: 'no fd · not this lab’s',
    listenerQueues:
      'For a LISTEN row, Recv-Q is the accept queue (connections waiting for accept()) and Send-Q is the backlog.',
    recvQListener: 'queue',
    sendQListener: 'backlog',
    recvQTitle: 'bytes received and not yet read',
    sendQTitle: 'bytes sent and not yet acknowledged',
    source: (source) => (source === 'sock_diag' ? 'sock_diag' : '/proc/net/tcp'),
    sourceTitle: 'Where the rows come from: netlink sock_diag (what ss uses) or /proc/net/tcp',
    changed: 'changed',
    added: 'new',
    gone: 'gone',
    select: 'Show this socket in the state diagram',
    unavailable: 'The kernel table has not been read yet.',
  },
  nc: {
    hint: 'Try it from another terminal:',
    copy: 'Copy',
    copied: 'Copied',
    title: 'Another program can connect to this listener too: it shows up in the wire and kernel panels.',
  },
  selectSocket: 'Show this socket in the state diagram',
  pg: playgroundStrings.en,
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
  actorName: (actor) => actorLabel(actor, '서버', '클라이언트'),
  process: {
    idle: '시작 전',
    running: '실행 중',
    blockedIn: (actor, call) => `${actorLabel(actor, '서버', '클라이언트')}가 ${call}()에서 멈춰 기다리는 중`,
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
  tabs: { calls: '시스템 콜', wire: '패킷', kernel: '커널' },
  tabsLabel: '프로그램 옆에 보여 줄 것',
  tabChanged: '이번 단계에서 바뀜',
  captureOffShort: '꺼짐',
  diagram: {
    title: 'TCP 상태',
    source: 'RFC 9293',
    label: (state) => `TCP 상태 다이어그램(RFC 9293). 선택한 소켓은 ${state} 상태`,
    empty: '아직 소켓이 없습니다. 한 단계를 눌러 만들어 보세요.',
    pick: '따라가기:',
    now: '현재',
    passed: '거쳐 온 상태',
    lastChange: '마지막 변화',
    reported: (from, to) => `커널이 알려 준 변화 ${from} → ${to}`,
    via: (states) => `사이의 ${states}은(는) 너무 빨라 관찰되지 않음`,
    direct: '전이 한 번',
    noChange: (state) => `커널이 알려 준 상태: ${state}. 아직 변화 없음.`,
    fdClosed: 'fd가 닫혔고 커널 표에도 더 이상 없습니다',
    or: ' 또는 ',
    hint: '소켓 카드, 커널 표의 행, 위의 칩을 누르면 다른 소켓을 따라갑니다. 화살표에 마우스를 올리면 설명이 나옵니다.',
    note2: 'RFC 9293 주석 2',
    reset: '재설정(RST)',
    followed: '다이어그램에 표시',
  },
  endpoint: {
    fd: (fd) => `fd ${fd}`,
    noFd: 'fd 없음',
    queued: '연결 대기 큐 안',
    orphan: '커널이 보관 중',
    outside: '다른 프로그램',
    of: (actor) => (actor === 'server' ? '서버' : actor === 'client' ? '클라이언트' : actor),
  },
  wire: {
    title: '루프백 선 위의 패킷',
    empty: '아직 패킷이 없습니다. TCP 세그먼트는 그것을 일으킨 호출과 함께 여기에 나타납니다.',
    betweenCalls: '호출 사이',
    betweenCallsHint: '아무 호출도 실행 중이 아닐 때 나간 패킷: 지연된 ACK, 재전송, 또는 다른 프로그램.',
    outside: '다른 프로그램',
    listening: '듣기 포트',
    pick: '패킷을 누르면 헤더를 풀어 보여 줍니다.',
    callGroup: (call) => `${call}이(가) 일으킴`,
    packetCount: (n) => `패킷 ${n}개`,
  },
  packet: {
    title: 'TCP 세그먼트',
    close: '닫기',
    flags: '플래그',
    from: '보낸 쪽',
    to: '받는 쪽',
    seq: 'seq',
    seqTitle: '순서 번호: 이쪽 첫 번호(ISN) 기준 상대값과 실제로 보낸 값',
    ack: 'ack',
    ackTitle: '확인 번호: 이쪽이 다음에 받기를 기대하는 바이트',
    relative: '상대',
    absolute: '실제',
    window: '윈도',
    windowScaled: (shift, bytes) => `× 2^${shift} = ${bytes}바이트`,
    windowUnscaled: '(SYN의 윈도는 배율 없음)',
    length: '길이',
    options: '옵션',
    mss: 'MSS',
    windowScale: '윈도 배율',
    sackPermitted: 'SACK 허용',
    sackBlocks: 'SACK 블록',
    timestamps: '타임스탬프',
    unknownOptions: '기타 옵션(kind)',
    none: '없음',
    yes: '예',
    payload: '데이터',
    noPayload: '데이터 없음',
    noAck: '— (ACK 플래그 없음)',
    causedBy: (call) => `${call}이(가) 일으킴`,
    between: '호출 사이',
    at: (ms) => `+${ms} ms 시점`,
  },
  captureNote: {
    title: '패킷 캡처가 꺼져 있습니다',
    body: '패킷을 보려면 CAP_NET_RAW 권한이 필요한데, 지금 서버에는 없습니다. 나머지(호출, 소켓, 커널 표, 상태 다이어그램)는 모두 그대로 동작합니다.',
    sudo: 'sudo로 socklab을 실행하거나:',
    setcap: 'Node에 권한을 한 번 주세요:',
    restart: '그다음 socklab을 다시 시작하세요.',
    reason: (reason) => `서버가 알려 준 이유: ${reason}`,
  },
  kernel: {
    title: '커널 소켓 표',
    state: '상태',
    stateHint: 'RFC 9293 이름과 리눅스가 쓰는 이름',
    recvQ: 'Recv-Q',
    sendQ: 'Send-Q',
    local: '로컬',
    peer: '상대',
    timer: '타이머',
    holder: '가진 쪽',
    holderFd: (fd) => (fd === null ? '어떤 프로세스' : `fd ${fd}`),
    holderNoFd: 'fd 없음',
    holderOutside: '다른 프로그램',
    holderOutsideNoFd: 'fd 없음 · 이 실습 밖',
    listenerQueues: 'LISTEN 행에서 Recv-Q는 연결 대기 큐(accept()를 기다리는 연결 수), Send-Q는 backlog입니다.',
    recvQListener: '대기 큐',
    sendQListener: 'backlog',
    recvQTitle: '받았지만 아직 읽지 않은 바이트',
    sendQTitle: '보냈지만 아직 확인(ACK)받지 못한 바이트',
    source: (source) => (source === 'sock_diag' ? 'sock_diag' : '/proc/net/tcp'),
    sourceTitle: '행을 읽어 온 곳: netlink sock_diag(ss가 쓰는 것) 또는 /proc/net/tcp',
    changed: '바뀜',
    added: '새 행',
    gone: '사라짐',
    select: '이 소켓을 상태 다이어그램에 표시',
    unavailable: '아직 커널 표를 읽지 않았습니다.',
  },
  nc: {
    hint: '다른 터미널에서 접속해 보세요:',
    copy: '복사',
    copied: '복사됨',
    title: '다른 프로그램도 이 듣기 소켓에 접속할 수 있습니다. 패킷과 커널 패널에 나타납니다.',
  },
  selectSocket: '이 소켓을 상태 다이어그램에 표시',
  pg: playgroundStrings.ko,
};

/** The UI strings of each language. */
export const strings: Readonly<Record<Lang, Strings>> = { en, ko };

/** Korean when the browser prefers it, English otherwise. */
export function defaultLang(language: string | undefined): Lang {
  return language?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}
