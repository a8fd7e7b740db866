import './replay.css';
import { protocolLimits } from '@socklab/protocol';
import { memo, useMemo, useRef, useState } from 'react';
import { useFrameEffect } from '../components/useFrameEffect.ts';
import { useOnResize } from '../components/useKeptScroll.ts';
import { useConnection } from '../connection/ConnectionProvider.tsx';
import { actorName } from '../i18n/strings.ts';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab, useLabStore, useLog, useMoments } from '../store/useLab.ts';
import { markersOf } from '../view/markers.ts';
import { stepsRunAt } from '../view/moments.ts';

/**
 * The run's chapters (each lesson step) and notes, each a button to its moment;
 * live, at the head, a form adds a note there (`marker.add`). Notes are text,
 * never HTML (SECURITY.md #9, test 17).
 */
export const Markers = memo(function Markers() {
  const t = useStrings();
  const store = useLabStore();
  const { log, length } = useLog();
  const cursor = useLab((s) => s.cursor);
  const moments = useMoments();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the log grows in place; its length is what changes
  const markers = useMemo(() => markersOf(log, moments), [log, length, moments]);
  // The latest marker at or before the cursor is the one shown; the row scrolls it to its middle.
  const shown = markers.findLast((m) => m.cursor <= cursor)?.seq;
  const list = useRef<HTMLOListElement>(null);
  // It reads the layout: in the frame, not right after the commit (components/useFrameEffect.ts).
  const shownButton = () => list.current?.querySelector<HTMLElement>(`[data-seq="${shown}"]`);
  const centre = () => {
    const current = shownButton();
    if (current && list.current)
      list.current.scrollLeft = current.offsetLeft + (current.offsetWidth - list.current.clientWidth) / 2;
  };
  useFrameEffect(centre, [shown]);
  // And again when the row or its chapter change size (another language, the fonts arriving, a resized window).
  useOnResize(() => [list.current, shownButton()], centre, [shown, markers.length]);
  if (markers.length === 0) return <NoteForm />;
  return (
    <div className="markers">
      <ol className="marker-list" ref={list} data-testid="markers" aria-label={t('replay.markers')}>
        {markers.map((m) => (
          <li key={m.seq}>
            <button
              type="button"
              className={`marker marker-${m.kind}${m.seq === shown ? ' is-shown' : ''}`}
              data-testid={m.kind === 'note' ? 'marker-note' : 'marker-chapter'}
              data-seq={m.seq}
              aria-current={m.seq === shown ? 'true' : undefined}
              onClick={() => store.getState().setCursor(m.cursor)}
              title={
                m.kind === 'note'
                  ? `${m.step === null ? t('replay.noteBefore') : t('replay.noteAt', { step: m.step + 1 })}: ${m.note}`
                  : undefined
              }
            >
              {m.kind === 'chapter'
                ? t('replay.chapter', { index: m.index + 1, actor: actorName(t, m.actor), call: m.syscall })
                : m.note}
            </button>
          </li>
        ))}
      </ol>
      <NoteForm />
    </div>
  );
});

/**
 * "Add a note here": live, at the head of a lesson run, or looking back at a
 * step of it that ran (then the note names that step, `at`, and is placed
 * there); the server logs it and so records it.
 */
function NoteForm() {
  const t = useStrings();
  const { status, send } = useConnection();
  const replay = useLab((s) => s.replay !== null);
  const live = useLab((s) => s.live);
  const cursor = useLab((s) => s.cursor);
  const moments = useMoments();
  const [note, setNote] = useState('');
  // Looking back: the step shown (0-based); before the first step there is nowhere to put a note.
  const shownStep = live ? null : stepsRunAt(moments, cursor) - 1;
  if (replay || status !== 'open' || (shownStep !== null && shownStep < 0)) return null;
  const valid = note.trim() !== '' && note.length <= protocolLimits.maxNoteChars;
  return (
    <form
      className="note-form"
      data-testid="note-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid) return;
        send(shownStep === null ? { type: 'marker.add', note } : { type: 'marker.add', note, at: { step: shownStep } });
        setNote('');
      }}
    >
      <input
        type="text"
        data-testid="note-input"
        aria-label={t('replay.noteLabel')}
        value={note}
        maxLength={protocolLimits.maxNoteChars}
        placeholder={t('replay.notePlaceholder')}
        onChange={(e) => setNote(e.currentTarget.value)}
      />
      <button
        type="submit"
        className="btn"
        data-testid="note-add"
        disabled={!valid}
        title={shownStep === null ? t('replay.noteHint') : t('replay.noteHintAt', { step: shownStep + 1 })}
      >
        {shownStep === null ? t('replay.addNote') : t('replay.addNoteAt', { step: shownStep + 1 })}
      </button>
    </form>
  );
}
