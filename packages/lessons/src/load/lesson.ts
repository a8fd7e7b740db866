import { type LoadPhase, protocolLimits } from '@socklab/protocol';
import { defineProgram } from '../program.ts';
import { languages, type Program, type Text } from '../types.ts';
import clientSource from './load_client.c?raw';
import serverSource from './load_server.c?raw';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

/** Where the load lesson is, in the order it shows them: before the run, then each `load.sample` phase. */
export type LoadNarrationKey = 'ready' | LoadPhase;

/**
 * The `load` lesson: N clients against one listener, shown in aggregate
 * (`load.sample`, `load.tally`) instead of one step per call. Its work is
 * `runLoad` in packages/kernel; its C programs say which calls each side makes.
 */
export type LoadLesson = {
  id: 'load';
  chapter: Text;
  title: Text;
  summary: Text;
  port: number;
  /** Clients when the lesson is loaded without `clients`. */
  defaultClients: number;
  /** The most clients a run may ask for (each holds two sockets at once: its own and its connection). */
  maxClients: number;
  backlog: number;
  /** What every client sends and reads back. */
  message: string;
  /** The narration for each phase; `{clients}` is the number of clients. */
  narration: Record<LoadNarrationKey, Text>;
  programs: readonly Program[];
};

const phases: readonly LoadNarrationKey[] = ['ready', 'connect', 'echo', 'close', 'done'];
const texts = { en, ko } as const;

function text(pick: (t: (typeof texts)['en']) => string | undefined, what: string): Text {
  const out = {} as Text;
  for (const lang of languages) {
    const value = pick(texts[lang]);
    if (!value) throw new Error(`lesson load: ${what} is missing in ${lang}`);
    out[lang] = value;
  }
  return out;
}

/** One thousand clients (by default) connect, send, read the echo and close against one listener. */
export const loadLesson: LoadLesson = {
  id: 'load',
  chapter: text((t) => t.chapter, 'chapter'),
  title: text((t) => t.title, 'title'),
  summary: text((t) => t.summary, 'summary'),
  port: 4000,
  defaultClients: 1000,
  maxClients: protocolLimits.maxLoadClients,
  backlog: 1024,
  message: 'hello, socklab',
  narration: Object.fromEntries(phases.map((p) => [p, text((t) => t.phases[p], `phases.${p}`)])) as Record<
    LoadNarrationKey,
    Text
  >,
  programs: [
    defineProgram({ actor: 'server', file: 'load_server.c', command: './load_server 1000', source: serverSource }),
    defineProgram({ actor: 'clients', file: 'load_client.c', source: clientSource }),
  ],
};
