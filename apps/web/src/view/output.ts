import type { EventOf } from '@socklab/protocol';

/** A run of what one program printed on one stream; render as text only. */
export type OutputChunk = { stream: 'stdout' | 'stderr'; text: string };

/** What each actor's program printed, by actor, in order; consecutive prints on a stream are joined. */
export type OutputState = Record<string, OutputChunk[]>;

/** A copy that folding on does not change (`foldOutput` appends to the last chunk's text). */
export const copyOutput = (state: OutputState): OutputState =>
  Object.fromEntries(Object.entries(state).map(([actor, chunks]) => [actor, chunks.map((c) => ({ ...c }))]));

export function foldOutput(state: OutputState, event: EventOf<'output'>): void {
  const chunks = state[event.actor] ?? [];
  state[event.actor] = chunks;
  const last = chunks.at(-1);
  if (last?.stream === event.stream) last.text += event.text;
  else chunks.push({ stream: event.stream, text: event.text });
}

/** Everything `actor` printed, both streams, as one text. */
export function printedBy(output: OutputState, actor: string): string {
  return (output[actor] ?? []).map((chunk) => chunk.text).join('');
}
