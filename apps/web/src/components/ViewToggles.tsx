import { useStrings } from '../i18n/useStrings.ts';
import { prefsStore, usePrefs } from '../prefs/prefsStore.ts';
import { useShownTheme } from '../prefs/useRoomPrefs.ts';
import { MoonIcon, PredictIcon, PresenterIcon, SunIcon } from './icons.tsx';

/** The theme switch, the presenter layout (key P) and predict mode: how the room sees the lab. */
export function ViewToggles() {
  const t = useStrings();
  const presenter = usePrefs((s) => s.presenter);
  const predict = usePrefs((s) => s.predict);
  const shown = useShownTheme();
  const dark = shown === 'dark';
  return (
    <div className="view-toggles">
      <button
        type="button"
        className="toggle-button"
        data-testid="theme-toggle"
        data-theme={shown}
        aria-pressed={dark}
        title={t('view.themeHint')}
        onClick={() => prefsStore.getState().setTheme(dark ? 'light' : 'dark')}
      >
        {dark ? <MoonIcon /> : <SunIcon />}
        <span>{t('view.dark')}</span>
      </button>
      <button
        type="button"
        className="toggle-button"
        data-testid="presenter-toggle"
        aria-pressed={presenter}
        aria-keyshortcuts="P"
        title={t('view.presenterHint')}
        onClick={() => prefsStore.getState().togglePresenter()}
      >
        <PresenterIcon />
        <span>{t('view.presenter')}</span>
      </button>
      <button
        type="button"
        className="toggle-button"
        data-testid="predict-toggle"
        aria-pressed={predict}
        title={t('view.predictHint')}
        onClick={() => prefsStore.getState().togglePredict()}
      >
        <PredictIcon />
        <span>{t('view.predict')}</span>
      </button>
    </div>
  );
}
