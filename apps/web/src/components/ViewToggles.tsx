import type { ReactNode } from 'react';
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
      <Toggle
        testId="theme-toggle"
        pressed={dark}
        hint={t('view.themeHint')}
        onClick={() => prefsStore.getState().setTheme(dark ? 'light' : 'dark')}
        extra={{ 'data-theme': shown }}
      >
        {dark ? <MoonIcon /> : <SunIcon />}
        <span>{t('view.dark')}</span>
      </Toggle>
      <Toggle
        testId="presenter-toggle"
        pressed={presenter}
        hint={t('view.presenterHint')}
        onClick={() => prefsStore.getState().togglePresenter()}
        extra={{ 'aria-keyshortcuts': 'P' }}
      >
        <PresenterIcon />
        <span>{t('view.presenter')}</span>
      </Toggle>
      <Toggle
        testId="predict-toggle"
        pressed={predict}
        hint={t('view.predictHint')}
        onClick={() => prefsStore.getState().togglePredict()}
      >
        <PredictIcon />
        <span>{t('view.predict')}</span>
      </Toggle>
    </div>
  );
}

/** One on/off switch of the header: a button whose `aria-pressed` says the state. */
function Toggle({
  testId,
  pressed,
  hint,
  onClick,
  extra = {},
  children,
}: {
  testId: string;
  pressed: boolean;
  hint: string;
  onClick: () => void;
  extra?: Record<string, string>;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className="toggle-button"
      data-testid={testId}
      aria-pressed={pressed}
      title={hint}
      onClick={onClick}
      {...extra}
    >
      {children}
    </button>
  );
}
