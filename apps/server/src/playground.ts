import type { Lab, LabCall } from '@socklab/kernel';
import type { EventBody, PlaygroundCall } from '@socklab/protocol';
import { type CallsOptions, LabCalls } from './lab/calls.ts';

type Emit = (body: EventBody) => void;

/** The id the playground's events carry where a lesson's carry the lesson's. */
export const playgroundId = 'playground';

/** A playground call as the lab makes it: sockets are named by their ids. */
function labCall(call: PlaygroundCall): LabCall {
  switch (call.syscall) {
    case 'socket':
      return { syscall: 'socket', family: call.family ?? 'inet', nonblocking: call.nonblocking ?? false };
    case 'write': {
      const text = Buffer.from(call.text, 'utf8');
      return { syscall: 'write', socket: call.socket, data: call.nul ? Buffer.concat([text, Buffer.from([0])]) : text };
    }
    default:
      return call;
  }
}

/**
 * The playground: any actor makes any call in any order, with the same real
 * execution, blocking and observation as a lesson step (`LabCalls`), and no
 * expectation. A peer of the lesson runner, not a lesson: it has no steps, no
 * checks and no C program of its own.
 *
 * @example
 * const playground = new Playground(new Lab(), emit);
 * playground.start();
 * await playground.call('server', { syscall: 'socket' });
 */
export class Playground {
  readonly #emit: Emit;
  readonly #calls: LabCalls;

  readonly #lab: Lab;
  readonly #sharedReason: string;

  constructor(lab: Lab, emit: Emit, options: CallsOptions & { sharedReason?: string } = {}) {
    this.#emit = emit;
    this.#lab = lab;
    this.#sharedReason = options.sharedReason ?? 'the lab shares the host’s network';
    this.#calls = new LabCalls(lab, emit, options);
  }

  /** Emits the playground's start (as a lesson of no steps, port chosen by each bind). */
  start(): void {
    const netns = this.#lab.netns;
    this.#emit({
      type: 'lesson.start',
      lesson: playgroundId,
      params: { port: 0 },
      steps: 0,
      network: netns ? { kind: 'netns', path: netns.path } : { kind: 'shared', reason: this.#sharedReason },
    });
    this.#emit({ type: 'lesson.ready', lesson: playgroundId, next: null });
    this.#calls.start();
  }

  /**
   * `actor` makes one call. Throws a `SocklabError` (nothing is run) for a
   * closed or unknown socket, a refused address, or a blocked actor.
   */
  async call(actor: string, call: PlaygroundCall): Promise<void> {
    await this.#calls.run({
      actor,
      call: labCall(call),
      creates: { role: 'client', name: null },
    });
  }

  /** Stops watching the wire and the table; the lab is the caller's to close. */
  dispose(): void {
    this.#calls.dispose();
  }
}
