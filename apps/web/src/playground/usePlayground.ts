import type { EventOf, PlaygroundCall } from '@socklab/protocol';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useConnection } from '../connection/ConnectionProvider.tsx';
import { useLabStore, useLog } from '../store/useLab.ts';
import type { LabHead } from '../view/viewAt.ts';
import { answerOf, type SentCall } from './callAnswer.ts';
import { modeStore, useMode } from './modeStore.ts';

/**
 * How long a call runs before its panel says so and the forms wait for it. An
 * answer within it (nearly every call: a frame or two) is drawn straight away,
 * with no frame of "running" before it: marking the forms busy at the click
 * disabled their controls (the focused one lost its focus), and drawing that
 * cost the answer about 10 ms. Meanwhile a second Call does nothing.
 */
export const runningAfterMs = 100;

export type PlaygroundControls = {
  /** The playground is running in this session. */
  started: boolean;
  /** A call left more than `runningAfterMs` ago and neither returned, blocked nor was refused yet. */
  running: boolean;
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
  // The latest call: a ref, not state, so that the click draws nothing (the answer is what changes the screen).
  const sent = useRef<SentCall | null>(null);
  const [late, setLate] = useState<SentCall | null>(null);
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

  const answer = answerOf(sent.current, log);
  const refusal = answer.refusal !== null && answer.refusal.seq === dismissed ? null : answer.refusal;
  const running = answer.pending && late === sent.current;

  const call = useCallback(
    (actor: string, body: PlaygroundCall) => {
      // One call at a time: while the latest one has no answer, Call does nothing.
      if (answerOf(sent.current, store.getState().log).pending) return;
      if (!store.getState().live) store.getState().goLive();
      // send() first appends what already arrived: the answer is what comes after.
      send({ type: 'playground.call', actor, call: body });
      const made: SentCall = { actor, socket: 'socket' in body ? body.socket : null, at: store.getState().log.length };
      sent.current = made;
      setTimeout(() => {
        if (sent.current === made && answerOf(made, store.getState().log).pending) setLate(made);
      }, runningAfterMs);
    },
    [send, store],
  );
  const dismissRefusal = useCallback(() => setDismissed(refusal?.seq ?? null), [refusal]);

  return { started, running, sent: sent.current, refusal, call, dismissRefusal };
}
