import { useStrings } from '../i18n/useStrings.ts';
import { type Mode, modeStore, useMode } from './modeStore.ts';

/** Lessons | Playground, in the header. Switching loads the lesson again or starts a fresh playground. */
export function ModeSwitch({ onLessons }: { onLessons: () => void }) {
  const t = useStrings();
  const mode = useMode((s) => s.mode);
  const pick = (next: Mode) => {
    if (next === mode) return;
    modeStore.getState().setMode(next);
    // Entering the playground starts it (usePlayground); leaving it loads the selected lesson again.
    if (next === 'lessons') onLessons();
  };
  return (
    <fieldset className="lang-toggle mode-switch" aria-label={t('pg.modeLabel')}>
      {(['lessons', 'playground'] as const).map((m) => (
        <button
          key={m}
          type="button"
          data-testid={`mode-${m}`}
          aria-pressed={mode === m}
          className={mode === m ? 'is-on' : ''}
          onClick={() => pick(m)}
        >
          {m === 'lessons' ? t('pg.lessons') : t('pg.playground')}
        </button>
      ))}
    </fieldset>
  );
}
