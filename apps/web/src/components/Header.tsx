import { findLesson, type Lang, lessons, loadLesson } from '@socklab/lessons';
import { memo, useEffect, useState } from 'react';
import { ClassButton } from '../class/ClassButton.tsx';
import { useIsViewer, useRole } from '../class/useIsViewer.tsx';
import { useConnection } from '../connection/ConnectionProvider.tsx';
import { useStrings } from '../i18n/useStrings.ts';
import { ModeSwitch } from '../playground/ModeSwitch.tsx';
import { modeStore, useMode } from '../playground/modeStore.ts';
import { RecordingsMenu } from '../replay/RecordingsMenu.tsx';
import { useLab, useLabStore } from '../store/useLab.ts';
import type { LabHead } from '../view/viewAt.ts';
import { LangToggle } from './LangToggle.tsx';
import { ViewToggles } from './ViewToggles.tsx';

type Props = { view: LabHead; onLoad: () => void };

// The load lesson is shown in aggregate (its own stage), but picked like any other.
const pickable: readonly Pick<(typeof lessons)[number], 'id' | 'chapter' | 'title' | 'summary'>[] = [
  ...lessons.slice(0, lessons.findIndex((l) => l.id === 'multi-client') + 1),
  loadLesson,
  ...lessons.slice(lessons.findIndex((l) => l.id === 'multi-client') + 1),
];

function groupByChapter(lang: Lang) {
  const groups = new Map<string, typeof pickable>();
  for (const lesson of pickable) {
    const chapter = lesson.chapter[lang];
    groups.set(chapter, [...(groups.get(chapter) ?? []), lesson]);
  }
  return [...groups.entries()];
}

/**
 * Whether two heads show the same header: the lesson (as loaded and as the build knows it), the
 * port it really uses and the session's hello are all the header reads of the head. A step
 * changes none of them, so a step does not render the header again.
 */
const sameHeader = (a: Props, b: Props) =>
  a.onLoad === b.onLoad &&
  a.view.lessonDef === b.view.lessonDef &&
  a.view.lesson?.id === b.view.lesson?.id &&
  a.view.lesson?.port === b.view.lesson?.port &&
  a.view.lesson?.seq === b.view.lesson?.seq &&
  a.view.port === b.view.port &&
  a.view.hello === b.view.hello;

/** The top bar: the lesson picker and its port, recordings, language, view toggles, class, the connection. */
export const Header = memo(function Header({ view, onLoad }: Props) {
  const store = useLabStore();
  const lang = useLab((s) => s.lang);
  const lessonId = useLab((s) => s.lessonId);
  const t = useStrings();
  const viewer = useIsViewer();
  const { role } = useRole();
  // A class viewer is shown the teacher's lesson, and picks none (no picker, no port, no playground switch).
  const lesson = viewer
    ? (view.lessonDef ?? (view.lesson?.id === loadLesson.id ? loadLesson : undefined))
    : (findLesson(lessonId) ?? (lessonId === loadLesson.id ? loadLesson : undefined));
  const mode = useMode((s) => s.mode);
  // A replay's lesson is the recording's (its banner says which); without a server there is nothing to run.
  const backend = useLab((s) => s.backend);
  const replay = useLab((s) => s.replay !== null);
  const runs = backend && !replay;

  const pick = (id: string) => {
    store.getState().selectLesson(id);
    // Picking a lesson leaves the playground.
    modeStore.getState().setMode('lessons');
    onLoad();
  };

  return (
    <header className="topbar">
      <a className="skip-link" href="#lab-start">
        {t('a11y.skip')}
      </a>
      <div className="brand">
        <h1 className="wordmark">
          sock<span>lab</span>
        </h1>
        <span className="tagline">{t('wordmarkTagline')}</span>
      </div>

      {runs && !viewer && <ModeSwitch onLessons={onLoad} />}

      {/* The playground runs no lesson: no picker and no lesson summary (the switch beside it goes back). */}
      <div className="lesson-select" hidden={(!runs && !viewer) || (mode === 'playground' && !viewer)}>
        {viewer ? (
          <p className="field viewer-lesson" data-testid="viewer-lesson">
            <span className="field-label">{t('lesson')}</span>
            <strong>{lesson?.title[lang] ?? '—'}</strong>
          </p>
        ) : (
          <label className="field">
            <span className="field-label">{t('lesson')}</span>
            <select data-testid="lesson-picker" value={lessonId} onChange={(e) => pick(e.currentTarget.value)}>
              {groupByChapter(lang).map(([chapter, list]) => (
                <optgroup key={chapter} label={chapter}>
                  {list.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.title[lang]}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
        )}
        {lesson !== undefined && (
          <p className="lesson-summary" title={lesson.summary[lang]}>
            <span className="chapter">{lesson.chapter[lang]}</span> {lesson.summary[lang]}
          </p>
        )}
      </div>

      {runs && mode === 'lessons' && !viewer && <PortField view={view} onLoad={onLoad} />}

      {/* Recordings live on the teacher's control API; a student's own lab is not recorded (SECURITY.md "Student labs"). */}
      {backend && role === 'control' && <RecordingsMenu />}

      <LangToggle />

      <ViewToggles />

      {runs && !viewer && <ClassButton />}
      {backend && <ConnectionBadge view={view} />}
    </header>
  );
}, sameHeader);

function PortField({ view, onLoad }: Props) {
  const store = useLabStore();
  const port = useLab((s) => s.port);
  const t = useStrings();
  const [draft, setDraft] = useState(String(port));
  useEffect(() => setDraft(String(port)), [port]);

  const value = Number(draft);
  const valid = draft.trim() !== '' && Number.isInteger(value) && value >= 0 && value <= 65535;
  const commit = () => {
    if (!valid) {
      setDraft(String(port));
      return;
    }
    const changed = value !== port;
    store.getState().setPort(value);
    if (changed || (view.lesson !== null && view.lesson.port !== value)) onLoad();
  };
  const chosen = view.lesson?.port === 0 && view.port !== null && view.port !== 0 ? view.port : null;

  return (
    <label className="field port-field">
      <span className="field-label">
        {t('port')}{' '}
        {/* The port the kernel chose takes the hint's place: below the field it would cover the description. */}
        {chosen === null ? (
          <small>{t('portHint')}</small>
        ) : (
          <small className="port-chosen" data-testid="port-chosen">
            {t('portChosen', { port: chosen })}
          </small>
        )}
      </span>
      <input
        data-testid="port-input"
        type="number"
        inputMode="numeric"
        min={0}
        max={65535}
        value={draft}
        aria-invalid={!valid}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          // Enter commits (through blur), so → and Space step right away.
          if (e.key === 'Enter') e.currentTarget.blur();
          if (e.key === 'Escape') setDraft(String(port));
        }}
      />
    </label>
  );
}

function ConnectionBadge({ view }: { view: LabHead }) {
  const store = useLabStore();
  const t = useStrings();
  const { status, context, retry } = useConnection();
  const capture = view.hello?.capabilities.capture;
  const sockDiag = view.hello?.capabilities.sockDiag;
  return (
    <div className="connection">
      <div className="connection-line">
        <span
          className={`status-dot status-${status}`}
          data-testid="connection-status"
          data-state={status}
          data-attempt={context.attempt}
          role="status"
          title={
            context.lastClose ? `WebSocket close ${context.lastClose.code} ${context.lastClose.reason}` : undefined
          }
        >
          <i aria-hidden="true" />
          {t(`connection.${status}`)}
        </span>
        {status === 'reconnecting' && (
          <button type="button" className="link-button" onClick={retry}>
            {t('retryNow')}
          </button>
        )}
      </div>
      <div className="caps">
        {capture !== undefined &&
          (capture.available ? (
            <span className="cap cap-on">{t('captureOn')}</span>
          ) : (
            // Off: the wire tab says why and how to turn it on.
            <button
              type="button"
              className="cap cap-off cap-button"
              title={capture.reason}
              onClick={() => store.getState().setPanel('wire')}
            >
              {t('captureOff')}
            </button>
          ))}
        {sockDiag !== undefined && !sockDiag.available && (
          <span className="cap cap-off" title={sockDiag.reason}>
            {t('sockDiagOff')}
          </span>
        )}
        {context.dropped > 0 && (
          <span className="cap cap-warn" data-testid="dropped-count" title={context.lastDropped ?? undefined}>
            {t('dropped', { count: context.dropped })}
          </span>
        )}
      </div>
    </div>
  );
}
