import type { PortRef, WriteData } from '@socklab/lessons';
import { bytesToText, ErrorCode, SocklabError } from '@socklab/protocol';

/**
 * What the lesson's C programs hold besides their sockets: each program's
 * variables (the C name of each fd), the buffers its reads filled, and the
 * lesson's port (the kernel's choice after a bind to port 0). It computes
 * what a program writes (`sprintf` over the real bytes read) and prints
 * (`printf` of a buffer), as the C code does.
 *
 * @example
 * const program = new CPrograms(4000);
 * program.name('server', 'server_socket', 'sock-1');
 * program.socket('server', 'server_socket'); // 'sock-1'
 */
export class CPrograms {
  readonly #vars = new Map<string, string>();
  readonly #buffers = new Map<string, Buffer>();
  #port: number;

  constructor(port: number) {
    this.#port = port;
  }

  /** The lesson's port: as asked, or the one the kernel chose. */
  get port(): number {
    return this.#port;
  }

  /** Sets the lesson's port to the one the kernel chose; returns whether it changed. */
  setPort(port: number): boolean {
    if (port === this.#port) return false;
    this.#port = port;
    return true;
  }

  /** `actor`'s variable `name` now holds socket `id`. */
  name(actor: string, name: string, id: string): void {
    this.#vars.set(`${actor}:${name}`, id);
  }

  /** The socket `actor`'s variable `name` holds; throws if the program has none yet. */
  socket(actor: string, name: string): string {
    const id = this.#vars.get(`${actor}:${name}`);
    if (id === undefined) throw new SocklabError(ErrorCode.lessonState, `${actor} has no socket named ${name} yet`);
    return id;
  }

  /** A port as a step names it: `'$port'` is the lesson's. */
  resolvePort(port: PortRef): number {
    return port === '$port' ? this.#port : port;
  }

  /** Keeps what a read filled `actor`'s buffer `into` with. */
  filled(actor: string, into: string, data: Buffer): void {
    this.#buffers.set(`${actor}:${into}`, data);
  }

  /** The bytes a write sends: literal text or hex, or `sprintf(buf, "%d : %s", strlen(src), src)` on the real bytes read. */
  bytes(actor: string, data: WriteData): Buffer {
    if ('hex' in data) return Buffer.from(data.hex, 'hex');
    const nul = 'nul' in data && data.nul ? Buffer.from([0]) : Buffer.alloc(0);
    if ('text' in data) return Buffer.concat([Buffer.from(data.text, 'utf8'), nul]);
    const source = cString(this.#buffers.get(`${actor}:${data.from}`) ?? Buffer.alloc(0));
    return Buffer.concat([Buffer.from(`${source.length} : `), source, nul]);
  }
}

/** printf with one `%s` argument, as the C program prints what it read. */
export function printf(format: string, data: Buffer): string {
  return format.replace('%s', bytesToText(cString(data)));
}

/** The bytes of a C string: up to, not including, the first NUL. */
function cString(bytes: Buffer): Buffer {
  const nul = bytes.indexOf(0);
  return nul < 0 ? bytes : bytes.subarray(0, nul);
}
