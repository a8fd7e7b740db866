import type { Address, CallArgs, EventOf, SocklabEvent } from '@socklab/protocol';

/** One actor's calls written out as a C program that makes the same calls. */
export type CProgram = { actor: string; file: string; source: string; calls: number };

/** One call of the log: what the kernel got, and what it answered (none yet while it is blocked or in flight). */
type Made = { enter: EventOf<'syscall.enter'>; exit: EventOf<'syscall.exit'> | null; sent: string | null };

/** The C variable for each socket id: the server's own name when it gave one, else one derived like the lessons'. */
function nameSockets(log: readonly SocklabEvent[], made: readonly Made[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of log) if (e.type === 'socket.state' && e.name !== null) names.set(e.socket, e.name);
  const taken = new Set(names.values());
  const fresh = (base: string) => {
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    return name;
  };
  for (const { enter, exit } of made) {
    const id =
      exit?.created ??
      (enter.call.syscall === 'socket' || enter.call.syscall === 'accept' ? `call-${enter.callId}` : null);
    if (id === null || names.has(id)) continue;
    const base =
      enter.call.syscall === 'accept' ? 'client_socket' : enter.actor.startsWith('server') ? 'server_socket' : 'sock';
    names.set(id, fresh(base));
  }
  return names;
}

/** The bytes as a C string literal: valid UTF-8 text as is, quotes and control bytes escaped (3-digit octal). */
export function cString(bytes: Uint8Array): string {
  const octal = (b: number) => `\\${b.toString(8).padStart(3, '0')}`;
  const escapeChar = (c: string) => {
    const b = c.codePointAt(0)!;
    if (c === '"' || c === '\\') return `\\${c}`;
    return b < 0x20 || b === 0x7f || c === '?' ? octal(b) : c;
  };
  try {
    return Array.from(new TextDecoder('utf-8', { fatal: true }).decode(bytes), escapeChar).join('');
  } catch {
    return Array.from(bytes, (b) => (b >= 0x80 ? octal(b) : escapeChar(String.fromCharCode(b)))).join('');
  }
}

const fromBase64 = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
const textBytes = (text: string) => new TextEncoder().encode(text.replaceAll('\\0', '\0'));

/** `addr` filled with the call's address, as the lessons' C does (memset, family, port, inet_pton). */
function fillAddress(address: Address): string[] {
  const six = address.family === 'inet6';
  const v = six ? 'addr6' : 'addr4';
  return [
    `    memset(&${v}, 0, sizeof(${v}));`,
    six ? `    ${v}.sin6_family = AF_INET6;` : `    ${v}.sin_family = AF_INET;`,
    six ? `    ${v}.sin6_port = htons(${address.port});` : `    ${v}.sin_port = htons(${address.port});`,
    six
      ? `    inet_pton(AF_INET6, "${address.host}", &${v}.sin6_addr);`
      : `    inet_pton(AF_INET, "${address.host}", &${v}.sin_addr);`,
  ];
}

const check = (call: string, name: string) => [`    if (-1 == ${call}) perror("${name}");`];
const report = (name: string, value: string) => [`    printf("${name}() = %d\\n", (int)${value});`];

/** The C lines for one call; `fd` maps a socket id to its variable. */
function callLines(made: Made, fd: (id: string | null) => string, created: string | null): string[] {
  const call: CallArgs = made.enter.call;
  const s = fd(made.enter.socket);
  switch (call.syscall) {
    case 'socket': {
      const v = created ?? 'fd';
      return [
        `    ${v} = socket(${call.domain}, ${call.type}, ${call.protocol});`,
        ...check(v, 'socket'),
        ...report('socket', v),
      ];
    }
    case 'setsockopt': {
      const value =
        call.option === 'SO_LINGER' ? `{ struct linger lg = {1, ${call.value}};` : `{ int on = ${call.value};`;
      const arg = call.option === 'SO_LINGER' ? '&lg, sizeof(lg)' : '&on, sizeof(on)';
      return [
        `    ${value}`,
        `      ret = setsockopt(${s}, ${call.level}, ${call.option}, ${arg}); }`,
        ...check('ret', 'setsockopt'),
        ...report('setsockopt', 'ret'),
      ];
    }
    case 'bind':
    case 'connect': {
      const v = call.address.family === 'inet6' ? 'addr6' : 'addr4';
      return [
        ...fillAddress(call.address),
        `    ret = ${call.syscall}(${s}, (struct sockaddr*)&${v}, sizeof(${v}));`,
        ...check('ret', call.syscall),
        ...report(call.syscall, 'ret'),
      ];
    }
    case 'listen':
      return [`    ret = listen(${s}, ${call.backlog});`, ...check('ret', 'listen'), ...report('listen', 'ret')];
    case 'accept': {
      const v = created ?? 'fd';
      return [
        '    addrlen = sizeof(peer);',
        `    ${v} = accept(${s}, (struct sockaddr*)&peer, &addrlen);`,
        ...check(v, 'accept'),
        ...report('accept', v),
      ];
    }
    case 'read':
      return [
        `    str_len = read(${s}, buf, ${call.count});`,
        ...check('str_len', 'read'),
        ...report('read', 'str_len'),
      ];
    case 'write': {
      const literal = cString(made.sent !== null ? fromBase64(made.sent) : textBytes(call.text));
      return [
        `    str_len = write(${s}, "${literal}", ${call.count});`,
        ...check('str_len', 'write'),
        ...report('write', 'str_len'),
      ];
    }
    case 'shutdown':
      return [`    ret = shutdown(${s}, ${call.how});`, ...check('ret', 'shutdown'), ...report('shutdown', 'ret')];
    case 'close':
      return [`    ret = close(${s});`, ...check('ret', 'close'), ...report('close', 'ret')];
    case 'getsockname':
    case 'getpeername':
      return [
        '    addrlen = sizeof(peer);',
        `    ret = ${call.syscall}(${s}, (struct sockaddr*)&peer, &addrlen);`,
        ...check('ret', call.syscall),
        `    printf("${call.syscall}() = %d, port %d\\n", ret, ntohs(((struct sockaddr_in*)&peer)->sin_port));`,
      ];
    case 'fcntl':
      return [
        `    ret = fcntl(${s}, F_SETFL, fcntl(${s}, F_GETFL) | O_NONBLOCK);`,
        ...check('ret', 'fcntl'),
        ...report('fcntl', 'ret'),
      ];
    case 'getsockopt':
      return [
        '    errlen = sizeof(err);',
        `    ret = getsockopt(${s}, SOL_SOCKET, SO_ERROR, &err, &errlen);`,
        ...check('ret', 'getsockopt'),
        '    printf("getsockopt() = %d, SO_ERROR %d\\n", ret, err);',
      ];
    default: {
      const never: never = call;
      throw new TypeError(`callLines: unknown call ${JSON.stringify(never)}`);
    }
  }
}

const headers = [
  '#define _GNU_SOURCE',
  '#include <stdio.h>',
  '#include <stdlib.h>',
  '#include <string.h>',
  '#include <unistd.h>',
  '#include <fcntl.h>',
  '#include <arpa/inet.h>',
  '#include <netinet/in.h>',
  '#include <netinet/tcp.h>',
  '#include <sys/socket.h>',
];

/** The calls of the log, each with its answer and the bytes it wrote, in the order they were made. */
function callsOf(log: readonly SocklabEvent[]): Made[] {
  const byId = new Map<number, Made>();
  const made: Made[] = [];
  for (const e of log) {
    if (e.type === 'lesson.start') {
      byId.clear();
      made.length = 0;
    } else if (e.type === 'syscall.enter') {
      const m: Made = { enter: e, exit: null, sent: null };
      byId.set(e.callId, m);
      made.push(m);
    } else if (e.type === 'syscall.exit') {
      const m = byId.get(e.callId);
      if (m) m.exit = e;
    } else if (e.type === 'data' && e.direction === 'sent') {
      const m = byId.get(e.callId);
      if (m) m.sent = e.base64;
    }
  }
  return made;
}

/**
 * Every call of a playground session written as C, one program per actor, in
 * the order the actor made them, with the arguments the kernel got (from
 * `syscall.enter`) and each result checked (`perror`) and printed. Sockets are
 * variables named as the server names them, else `server_socket`, `sock`,
 * `client_socket`. Calls only since the latest `lesson.start` count.
 *
 * @example
 * cPrograms(log).map((p) => p.file) // ['server.c', 'client.c']
 */
export function cPrograms(log: readonly SocklabEvent[]): CProgram[] {
  const made = callsOf(log);
  const names = nameSockets(log, made);
  const actors = made.map((m) => m.enter.actor).filter((a, i, list) => list.indexOf(a) === i);
  return actors.map((actor) => {
    const mine = made.filter((m) => m.enter.actor === actor);
    const vars: string[] = [];
    const fd = (id: string | null) => (id === null ? '-1' : (names.get(id) ?? '-1'));
    const body: string[] = [];
    for (const m of mine) {
      const createdId =
        m.exit?.created ??
        (m.enter.call.syscall === 'socket' || m.enter.call.syscall === 'accept' ? `call-${m.enter.callId}` : null);
      const created = createdId === null ? null : (names.get(createdId) ?? null);
      if (created !== null && !vars.includes(created)) vars.push(created);
      body.push(...callLines(m, fd, created));
    }
    const used = new Set(mine.map((m) => m.enter.socket).filter((s): s is string => s !== null));
    for (const id of used) {
      const name = names.get(id);
      if (name !== undefined && !vars.includes(name)) vars.push(name);
    }
    const source = [
      `/* ${actor}.c: the calls the ${actor} made in the socklab playground, with the arguments the kernel got. */`,
      ...headers,
      '',
      'int main(void)',
      '{',
      ...(vars.length > 0 ? [`    int ${vars.map((v) => `${v} = -1`).join(', ')};`] : []),
      '    int ret = 0, err = 0;',
      '    ssize_t str_len = 0;',
      '    static char buf[65536];',
      '    struct sockaddr_in addr4;',
      '    struct sockaddr_in6 addr6;',
      '    struct sockaddr_storage peer;',
      '    socklen_t addrlen = sizeof(peer), errlen = sizeof(err);',
      '    (void)ret; (void)err; (void)str_len; (void)buf; (void)addr4; (void)addr6; (void)addrlen; (void)errlen; (void)peer;',
      '',
      ...body,
      '    return 0;',
      '}',
      '',
    ].join('\n');
    return { actor, file: `${actor}.c`, source, calls: mine.length };
  });
}
