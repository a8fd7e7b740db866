import type { Address, CallArgs, Errno, Family, ShutdownHow, SocketOption } from '@socklab/protocol';
import { ErrorCode, SocklabError } from '@socklab/protocol';
import { defaultPorts, type PortPolicy } from './addressPolicy.ts';
import type { Readiness } from './reactor.ts';

/** The outcome of one socket call: the kernel's return value and errno. */
export type CallResult = {
  ret: number;
  errno: Errno | null;
  /** The exact libc call made, with the real fd and flags. */
  impl: string;
  /** Whether the first non-blocking attempt would have blocked (EAGAIN, EINPROGRESS). */
  blocked: boolean;
  durationMs: number;
};

/** Called once when a call would block, before waiting for the kernel. */
export type OnBlock = (waitingFor: Readiness, wouldBlock: string) => void;

/** A socket of a lab: its id is never reused, unlike its fd. */
export type LabSocket = {
  id: string;
  fd: number;
  family: 'inet' | 'inet6';
  closed: boolean;
  /** Whether the C program asked for O_NONBLOCK: then a call that would block returns EAGAIN/EINPROGRESS as is. */
  nonblocking: boolean;
};

/**
 * What a finished call returned, one name per datum from here to the screen:
 * `created` (the socket socket() or accept() made), `address` (the address
 * accept(), getsockname() or getpeername() filled in), `soError` (what
 * getsockopt(SO_ERROR) read), `data` (the bytes read() filled in).
 */
export type CallOutcome = CallResult & { created?: string; address?: Address; soError?: Errno | null; data?: Buffer };

/** One call of a C program, with socket ids for its fds. */
export type LabCall =
  | { syscall: 'socket'; family?: Family; nonblocking?: boolean }
  | { syscall: 'setsockopt'; socket: string; option: SocketOption; value: number }
  | { syscall: 'bind' | 'connect'; socket: string; host: string; port: number }
  | { syscall: 'listen'; socket: string; backlog: number }
  | { syscall: 'accept' | 'close' | 'getsockname' | 'getpeername' | 'fcntl'; socket: string }
  | { syscall: 'read'; socket: string; size: number }
  | { syscall: 'write'; socket: string; data: Uint8Array }
  | { syscall: 'shutdown'; socket: string; how: ShutdownHow }
  | { syscall: 'getsockopt'; socket: string; option: 'SO_ERROR' };

/** A call checked and ready to run: the arguments the kernel will get, and the call itself. */
export type PreparedCall = {
  /** The socket the call is made on; null for socket(). */
  socket: string | null;
  args: CallArgs;
  /** Makes the call; `onBlock` is told once if it would block. */
  run(onBlock?: OnBlock): CallOutcome | Promise<CallOutcome>;
};

/** Limits of one lab (SECURITY.md #6). */
export type LabLimits = { maxSockets: number; maxWriteBytes: number; maxReadBytes: number; ports: PortPolicy };

export const defaultLimits: LabLimits = {
  maxSockets: 64,
  maxWriteBytes: 64 * 1024,
  maxReadBytes: 64 * 1024,
  ports: defaultPorts,
};

/** Throws SOCKLAB_ERR_LIMIT when `open` sockets are already the most a lab may hold. */
export function checkRoom(open: number, limits: LabLimits): void {
  if (open >= limits.maxSockets) {
    throw new SocklabError(ErrorCode.limit, `a session may have at most ${limits.maxSockets} open sockets`);
  }
}

/** Throws SOCKLAB_ERR_LIMIT for a backlog outside 0–4096. */
export function checkBacklog(backlog: number): void {
  if (!Number.isInteger(backlog) || backlog < 0 || backlog > 4096) {
    throw new SocklabError(ErrorCode.limit, `backlog must be an integer 0–4096, got ${backlog}`);
  }
}

/** Throws SOCKLAB_ERR_LIMIT for a read larger than the lab allows. */
export function checkReadSize(size: number, limits: LabLimits): void {
  if (!Number.isInteger(size) || size < 0 || size > limits.maxReadBytes) {
    throw new SocklabError(ErrorCode.limit, `read size must be 0–${limits.maxReadBytes} bytes, got ${size}`);
  }
}

/** Throws SOCKLAB_ERR_LIMIT for a write larger than the lab allows. */
export function checkWriteSize(bytes: number, limits: LabLimits): void {
  if (bytes > limits.maxWriteBytes) {
    throw new SocklabError(ErrorCode.limit, `a write may carry at most ${limits.maxWriteBytes} bytes`);
  }
}
