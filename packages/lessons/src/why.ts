import type { Step, Text } from './types.ts';

/** The deeper explanation of a step: what it rests on in the man pages and in RFC 9293, and why, in every language. */
export type Why = {
  /** The manual page, as `man` names it: `connect(2)`. */
  man: string;
  /** The RFC 9293 section number (`3.5`) and its title. */
  rfc: { section: string; title: string };
  text: Text;
};

const bySyscall: Readonly<Record<Step['call']['syscall'], Why>> = {
  socket: {
    man: 'socket(2)',
    rfc: { section: '3.9.1.1', title: 'Open' },
    text: {
      en: 'socket() only creates the endpoint in the kernel and returns its descriptor: no packet is sent and TCP is still CLOSED. RFC 9293 has no call for this; its OPEN call is split by the sockets API into socket(), bind(), listen() and connect().',
      ko: 'socket()은 커널 안에 통신 끝점을 만들고 그 디스크립터를 돌려줄 뿐입니다. 패킷은 나가지 않고 TCP는 아직 CLOSED입니다. RFC 9293에는 이 호출이 따로 없고, 소켓 API가 OPEN 호출을 socket(), bind(), listen(), connect()로 나눈 것입니다.',
    },
  },
  setsockopt: {
    man: 'setsockopt(2)',
    rfc: { section: '3.6', title: 'Closing a Connection' },
    text: {
      en: 'setsockopt() changes how the kernel treats this socket: SO_REUSEADDR lets bind() take a port whose old connection is still in TIME-WAIT (RFC 9293 3.6), SO_LINGER with 0 makes close() abort with RST, TCP_NODELAY turns off Nagle.',
      ko: 'setsockopt()은 커널이 이 소켓을 다루는 방식을 바꿉니다. SO_REUSEADDR은 이전 연결이 아직 TIME-WAIT인 포트도 bind()할 수 있게 하고(RFC 9293 3.6), SO_LINGER 0은 close()가 RST로 연결을 끊게 하며, TCP_NODELAY는 Nagle을 끕니다.',
    },
  },
  bind: {
    man: 'bind(2)',
    rfc: { section: '3.9.1.1', title: 'Open' },
    text: {
      en: 'bind() gives the socket its local address and port: the "local port" of RFC 9293\'s OPEN. The kernel refuses a port another socket holds (EADDRINUSE), including one whose connection waits in TIME-WAIT.',
      ko: 'bind()는 소켓에 로컬 주소와 포트를 붙입니다. RFC 9293 OPEN의 "local port"에 해당합니다. 다른 소켓이 쥔 포트는, TIME-WAIT으로 기다리는 연결의 포트까지도, 커널이 거절합니다(EADDRINUSE).',
    },
  },
  listen: {
    man: 'listen(2)',
    rfc: { section: '3.10.1', title: 'OPEN Call' },
    text: {
      en: "listen() is RFC 9293's passive OPEN: the socket goes to LISTEN and the kernel itself answers each SYN with SYN,ACK. Finished handshakes wait in the accept queue, at most about backlog of them.",
      ko: 'listen()은 RFC 9293의 수동(passive) OPEN입니다. 소켓이 LISTEN이 되고, 들어오는 연결 요청(SYN)마다 커널이 직접 SYN,ACK로 답합니다. 핸드셰이크가 끝난 연결은 backlog 정도까지 대기 큐에서 기다립니다.',
    },
  },
  accept: {
    man: 'accept(2)',
    rfc: { section: '3.5', title: 'Establishing a Connection' },
    text: {
      en: 'accept() sends no packet: the three-way handshake (RFC 9293 3.5) already happened in the kernel. It takes the first connection out of the accept queue as a new socket, and blocks while the queue is empty.',
      ko: 'accept()는 패킷을 보내지 않습니다. 3-way 핸드셰이크(RFC 9293 3.5)는 이미 커널이 끝냈습니다. 대기 큐의 첫 연결을 새 소켓으로 꺼내 주고, 큐가 비어 있으면 블록됩니다.',
    },
  },
  connect: {
    man: 'connect(2)',
    rfc: { section: '3.5', title: 'Establishing a Connection' },
    text: {
      en: "connect() is the active OPEN: the kernel sends SYN, waits for SYN,ACK and answers with ACK (RFC 9293 3.5). It returns once the connection is ESTABLISHED, before the server's accept(); an RST instead of SYN,ACK makes it fail with ECONNREFUSED.",
      ko: 'connect()는 능동(active) OPEN입니다. 커널이 SYN을 보내고 SYN,ACK를 기다린 뒤 ACK로 답합니다(RFC 9293 3.5). 서버가 accept()하기 전에도 연결이 ESTABLISHED가 되면 돌아오고, SYN,ACK 대신 RST가 오면 ECONNREFUSED로 실패합니다.',
    },
  },
  read: {
    man: 'read(2)',
    rfc: { section: '3.10.3', title: 'RECEIVE Call' },
    text: {
      en: 'read() copies bytes the kernel already received and acknowledged out of the receive buffer; it blocks while the buffer is empty. It returns 0 once the peer sent FIN and every byte was read (RFC 9293 3.6).',
      ko: 'read()는 커널이 이미 받아 ACK한 바이트를 수신 버퍼에서 복사해 옵니다. 버퍼가 비어 있으면 블록됩니다. 상대가 FIN을 보냈고 모든 바이트를 읽었다면 0을 돌려줍니다(RFC 9293 3.6).',
    },
  },
  write: {
    man: 'write(2)',
    rfc: { section: '3.10.2', title: 'SEND Call' },
    text: {
      en: 'write() returns once the bytes are in the send buffer, not when they arrive: the kernel sends them as segments (PSH,ACK) and the peer acknowledges them. Writing after the peer reset the connection fails with EPIPE.',
      ko: 'write()는 바이트가 송신 버퍼에 들어가면 돌아옵니다. 도착했을 때가 아닙니다. 커널이 세그먼트(PSH,ACK)로 보내고 상대가 ACK합니다. 상대가 연결을 리셋한 뒤에 쓰면 EPIPE로 실패합니다.',
    },
  },
  shutdown: {
    man: 'shutdown(2)',
    rfc: { section: '3.6', title: 'Closing a Connection' },
    text: {
      en: "shutdown(SHUT_WR) sends FIN but keeps the socket: the other direction stays open, a half-close (RFC 9293 3.6). The peer's read() returns 0 while it can still write back.",
      ko: 'shutdown(SHUT_WR)은 FIN을 보내지만 소켓은 남깁니다. 반대 방향은 열려 있는 half-close입니다(RFC 9293 3.6). 상대의 read()는 0을 돌려주지만 상대는 여전히 쓸 수 있습니다.',
    },
  },
  close: {
    man: 'close(2)',
    rfc: { section: '3.10.4', title: 'CLOSE Call' },
    text: {
      en: 'close() releases the descriptor; for a connection the kernel sends FIN (RFC 9293 CLOSE) and finishes the closing handshake on its own. The side that closes first ends in TIME-WAIT. Unread data makes it send RST instead.',
      ko: 'close()는 디스크립터를 놓습니다. 연결이라면 커널이 FIN을 보내고(RFC 9293 CLOSE) 종료 핸드셰이크를 스스로 마칩니다. 먼저 닫은 쪽이 TIME-WAIT에 남습니다. 읽지 않은 데이터가 있으면 FIN 대신 RST를 보냅니다.',
    },
  },
  getsockname: {
    man: 'getsockname(2)',
    rfc: { section: '3.9.1.1', title: 'Open' },
    text: {
      en: 'getsockname() asks the kernel which local address and port the socket has: after bind() to port 0, or a connect() without bind(), it is the ephemeral port the kernel chose.',
      ko: 'getsockname()은 소켓의 로컬 주소와 포트를 커널에 묻습니다. 포트 0으로 bind()했거나 bind() 없이 connect()했다면 커널이 고른 임시(ephemeral) 포트입니다.',
    },
  },
  getpeername: {
    man: 'getpeername(2)',
    rfc: { section: '3.5', title: 'Establishing a Connection' },
    text: {
      en: "getpeername() returns the address of the other end of a connected socket: the remote socket of the connection's handshake. Without a connection it fails with ENOTCONN.",
      ko: 'getpeername()은 연결된 소켓의 상대 주소, 즉 핸드셰이크한 원격 소켓을 돌려줍니다. 연결이 없으면 ENOTCONN으로 실패합니다.',
    },
  },
  fcntl: {
    man: 'fcntl(2)',
    rfc: { section: '3.9.1', title: 'User/TCP Interface' },
    text: {
      en: 'fcntl(F_SETFL, O_NONBLOCK) makes later calls return at once: where they would wait, accept() and read() fail with EAGAIN and connect() with EINPROGRESS, while the kernel goes on in the background.',
      ko: 'fcntl(F_SETFL, O_NONBLOCK) 뒤의 호출은 바로 돌아옵니다. 기다려야 할 때 accept()와 read()는 EAGAIN, connect()는 EINPROGRESS로 실패하고, 커널은 뒤에서 일을 계속합니다.',
    },
  },
  getsockopt: {
    man: 'getsockopt(2)',
    rfc: { section: '3.5', title: 'Establishing a Connection' },
    text: {
      en: "getsockopt(SO_ERROR) reads and clears the socket's pending error: after a non-blocking connect(), 0 means the handshake succeeded, ECONNREFUSED that an RST answered the SYN.",
      ko: 'getsockopt(SO_ERROR)는 소켓에 남은 오류를 읽고 지웁니다. 논블로킹 connect() 뒤라면 0은 핸드셰이크 성공, ECONNREFUSED는 SYN에 RST가 돌아왔다는 뜻입니다.',
    },
  },
};

/** Where an expected error rests in RFC 9293, when it is the RFC's own doing. */
const byErrno: Readonly<Record<string, Pick<Why, 'rfc'>>> = {
  ECONNREFUSED: { rfc: { section: '3.5.2', title: 'Reset Generation' } },
  ECONNRESET: { rfc: { section: '3.5.3', title: 'Reset Processing' } },
  EPIPE: { rfc: { section: '3.5.3', title: 'Reset Processing' } },
  EADDRINUSE: { rfc: { section: '3.6', title: 'Closing a Connection' } },
};

/**
 * The "why" of a step: its call's man page and the RFC 9293 section it rests
 * on (the reset sections when the lesson expects a reset's errno), in every language.
 *
 * @example
 * whyOf(hello.steps[5]).man // 'connect(2)'
 */
export function whyOf(step: Pick<Step, 'call' | 'expect'>): Why {
  const entry = bySyscall[step.call.syscall];
  const errno = typeof step.expect.errno === 'string' ? byErrno[step.expect.errno] : undefined;
  return errno === undefined ? entry : { ...entry, ...errno };
}

/** The man page's address on man7.org: `connect(2)` → `https://man7.org/linux/man-pages/man2/connect.2.html`. */
export function manUrl(man: string): string {
  const match = /^(\w+)\((\d)\)$/.exec(man);
  if (match === null) throw new Error(`manUrl: not a man page "${man}"`);
  return `https://man7.org/linux/man-pages/man${match[2]}/${match[1]}.${match[2]}.html`;
}

/** The RFC 9293 section's address on rfc-editor.org. */
export const rfcUrl = (section: string): string => `https://www.rfc-editor.org/rfc/rfc9293#section-${section}`;
