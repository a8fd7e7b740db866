import type { EventOf, PlaygroundCall } from '@socklab/protocol';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useConnection } from '../connection/ConnectionProvider.tsx';
import { useLabStore, useLog } from '../store/useLab.ts';
import type { LabHead } from '../view/viewAt.ts';
import { modeStore, useMode } from './modeStore.ts';

/** The latest call sent: who made it, on which socket, and where the log stood. */
export type SentCall = { actor: string; socket: string | null; at: number };

export type PlaygroundControls = {
  /** The playground is running in this session. */
  started: boolean;
  /** A call left and neither returned, blocked nor was refused yet. */
  pending: boolean;
  sent: SentCall | null;
  /** The refusal (an `error` event) that answered the latest call, if any. */
  refusal: EventOf<'error'> | null;
  call: (actor: string, call: PlaygroundCall) => void;
  dismissRefusal: () => void;
};

/** Sends `playground.start` (a fresh lab: every socket of this session is closed). */
export function useStartPlayground(): () => void {
  const store = useLabStore();
  const { send } = useConnection();
  return useCallback(() => {
    store.getState().setPlaying(false);
    store.getState().goLive();
    modeStore.getState().resetActors();
    send({ type: 'playground.start' });
  }, [send, store]);
}

/** Runs the playground: starts it for each new session while in playground mode, sends calls, tracks the answer. */
export function usePlayground(head: LabHead): PlaygroundControls {
  const store = useLabStore();
  const { status, send } = useConnection();
  const mode = useMode((s) => s.mode);
  const { log } = useLog();
  const start = useStartPlayground();
  const [sent, setSent] = useState<SentCall | null>(null);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const started = head.lesson?.id === 'playground';

  // Entering the playground, or a new session (a reconnect) while in it: start a fresh one.
  const startedFor = useRef<string | null>(null);
  const sessionId = head.hello?.sessionId ?? null;
  useEffect(() => {
    if (mode !== 'playground') startedFor.current = null;
    if (mode !== 'playground' || status !== 'open' || sessionId === null || started) return;
    if (startedFor.current === sessionId) return;
    startedFor.current = sessionId;
    start();
  }, [mode, status, sessionId, started, start]);

  let pending = false;
  let refusal: EventOf<'error'> | null = null;
  if (sent !== null) {
    pending = true;
    for (let i = sent.at; i < log.length; i++) {
      const event = log[i]!;
      if (event.type === 'lesson.start' || event.type === 'session.hello') {
        pending = false;
        break;
      }
      if (event.type === 'error') {
        pending = false;
        refusal = event;
        break;
      }
      if ((event.type === 'syscall.exit' || event.type === 'syscall.block') && event.actor === sent.actor) {
        pending = false;
        break;
      }
    }
  }
  if (refusal !== null && refusal.seq === dismissed) refusal = null;

  const call = useCallback(
    (actor: string, body: PlaygroundCall) => {
      const s = store.getState();
      if (!s.live) s.goLive();
      // send() first appends what already arrived: the answer is what comes after.
      send({ type: 'playground.call', actor, call: body });
      setSent({ actor, socket: 'socket' in body ? body.socket : null, at: s.log.length });
    },
    [send, store],
  );
  const dismissRefusal = useCallback(() => setDismissed(refusal?.seq ?? null), [refusal]);

  return { started, pending, sent, refusal, call, dismissRefusal };
}
