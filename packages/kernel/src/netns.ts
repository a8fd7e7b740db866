import { ErrorCode, SocklabError } from '@socklab/protocol';
import { linux } from './libc/constants.ts';
import { describeErrno } from './libc/errno.ts';
import { errno, libc } from './libc/libc.ts';

/** Why a network namespace cannot be made here. */
export type NamespaceUnavailable = { ns: null; reason: string };

let host: number | undefined;

// The main thread's namespace when this module first ran: where every
// socket outside a lab's namespace belongs (Node's own HTTP server among them).
function hostNamespace(): number {
  if (host !== undefined) return host;
  const fd = libc().open('/proc/thread-self/ns/net', linux.O_RDONLY | linux.O_CLOEXEC);
  if (fd < 0) throw new SocklabError(ErrorCode.unsupported, `cannot open this thread's network namespace: ${why()}`);
  host = fd;
  return fd;
}

function why(): string {
  const e = describeErrno(errno());
  return `${e.name} (${e.message})`;
}

/**
 * A private network namespace, with its own `lo` (brought up), its own ports
 * and its own socket table: what one session's lab lives in. Sockets are made
 * in it by `enter(() => socket(…))`, which switches this thread into the
 * namespace for the duration of one synchronous call (man 2 setns); a socket
 * belongs to the namespace it was made in for its whole life, so nothing else
 * of the process ever runs inside. The namespace ends when `close()` has
 * dropped its fd and its last socket is gone.
 *
 * Making one needs CAP_SYS_ADMIN (root); `create()` says why when it cannot.
 *
 * @example
 * const made = NetNamespace.create();
 * if (made.ns) {
 *   const fd = made.ns.enter(() => libc().socket(…)); // a socket on the namespace's own lo
 *   made.ns.joinCommand('nc 127.0.0.1 4000');        // 'sudo nsenter --net=/proc/…/fd/… nc 127.0.0.1 4000'
 *   made.ns.close();
 * }
 */
export class NetNamespace {
  readonly #fd: number;
  #closed = false;

  private constructor(fd: number) {
    this.#fd = fd;
  }

  /** Makes a new namespace with `lo` up, or says why it cannot. Never throws for a kernel refusal. */
  static create(): { ns: NetNamespace } | NamespaceUnavailable {
    if (process.platform !== 'linux')
      return { ns: null, reason: `network namespaces are Linux only, not ${process.platform}` };
    let original: number;
    try {
      original = hostNamespace();
    } catch (err) {
      return { ns: null, reason: (err as Error).message };
    }
    const c = libc();
    if (c.unshare(linux.CLONE_NEWNET) < 0) {
      return {
        ns: null,
        reason: `unshare(CLONE_NEWNET) failed: ${why()}; a private network per session needs root (CAP_SYS_ADMIN)`,
      };
    }
    // From here until setns() back, this thread is inside the new namespace.
    const fd = c.open('/proc/thread-self/ns/net', linux.O_RDONLY | linux.O_CLOEXEC);
    const opened = fd < 0 ? why() : null;
    const up = fd < 0 ? null : bringUpLoopback();
    if (c.setns(original, linux.CLONE_NEWNET) < 0) {
      // Never leave the main thread in a lab's namespace.
      throw new SocklabError(ErrorCode.internal, `cannot return to the host network namespace: ${why()}`);
    }
    if (opened !== null) return { ns: null, reason: `cannot open the new namespace: ${opened}` };
    if (up !== null) {
      c.close(fd);
      return { ns: null, reason: up };
    }
    return { ns: new NetNamespace(fd) };
  }

  /** The namespace's fd (a `/proc/PID/fd/FD` path names it for `nsenter --net=`). */
  get fd(): number {
    return this.#fd;
  }

  /** The path another program may join it by: `nsenter --net=PATH`. */
  get path(): string {
    return `/proc/${process.pid}/fd/${this.#fd}`;
  }

  /** `command`, run inside this namespace from a root shell. */
  joinCommand(command: string): string {
    return `sudo nsenter --net=${this.path} ${command}`;
  }

  /**
   * Runs `make` with this thread inside the namespace, and returns its
   * result: sockets it creates belong to the namespace. `make` must be
   * synchronous (no await inside): the thread goes back at once.
   */
  enter<T>(make: () => T): T {
    if (this.#closed) throw new SocklabError(ErrorCode.cancelled, 'this network namespace was closed');
    const c = libc();
    if (c.setns(this.#fd, linux.CLONE_NEWNET) < 0) {
      throw new SocklabError(ErrorCode.internal, `cannot enter the lab's network namespace: ${why()}`);
    }
    let made: { value: T } | { error: unknown };
    try {
      made = { value: make() };
    } catch (error) {
      made = { error };
    }
    // Never leave the main thread in a lab's namespace, whatever `make` did.
    if (c.setns(hostNamespace(), linux.CLONE_NEWNET) < 0) {
      throw new SocklabError(ErrorCode.internal, `cannot return to the host network namespace: ${why()}`);
    }
    if ('error' in made) throw made.error;
    return made.value;
  }

  /** Drops the namespace's fd; it ends with its last socket. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    libc().close(this.#fd);
  }
}

// A new namespace's lo starts DOWN (STACK.md): SIOCSIFFLAGS with IFF_UP, on a socket made inside.
function bringUpLoopback(): string | null {
  const c = libc();
  const sock = c.socket(linux.AF_INET, linux.SOCK_DGRAM | linux.SOCK_CLOEXEC, 0);
  if (sock < 0) return `cannot bring lo up: socket() failed: ${why()}`;
  try {
    const ifr = Buffer.alloc(linux.ifreqSize);
    ifr.write('lo', 0, 'latin1');
    if (c.ioctlIfreq(sock, linux.SIOCGIFFLAGS, ifr) < 0) return `cannot bring lo up: SIOCGIFFLAGS failed: ${why()}`;
    ifr.writeInt16LE(ifr.readInt16LE(16) | linux.IFF_UP, 16);
    if (c.ioctlIfreq(sock, linux.SIOCSIFFLAGS, ifr) < 0) return `cannot bring lo up: SIOCSIFFLAGS failed: ${why()}`;
    return null;
  } finally {
    c.close(sock);
  }
}
