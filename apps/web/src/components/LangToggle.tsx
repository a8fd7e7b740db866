import { stringsFor } from '../i18n/strings.ts';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab, useLabStore } from '../store/useLab.ts';

/** The language switch (한국어 / English): the store's `lang`, for the header and the class join page. */
export function LangToggle() {
  const store = useLabStore();
  const lang = useLab((s) => s.lang);
  const t = useStrings();
  return (
    <fieldset className="lang-toggle" data-testid="lang-toggle" aria-label={t('language')}>
      {(['ko', 'en'] as const).map((l) => (
        <button
          key={l}
          type="button"
          data-lang={l}
          aria-pressed={lang === l}
          className={lang === l ? 'is-on' : ''}
          onClick={() => store.getState().setLang(l)}
        >
          {stringsFor(l)('langName')}
        </button>
      ))}
    </fieldset>
  );
}
