import type { Lang } from '@socklab/lessons';
import { createInstance, type TFunction } from 'i18next';
import en from './en.json' with { type: 'json' };
import ko from './ko.json' with { type: 'json' };

/** Every UI string, by language: `en.json` and `ko.json` have the same keys. */
export const resources = { en: { translation: en }, ko: { translation: ko } } as const;

// The language is the store's (`lang`); i18next never holds a current language,
// it only looks keys up for the language it is given.
const i18n = createInstance();
void i18n.init({
  resources,
  lng: 'en',
  fallbackLng: false,
  initAsync: false,
  // React escapes what it renders; i18next must not escape it a second time.
  interpolation: { escapeValue: false },
});

/** Looks a UI string up by key, type-checked against `en.json`. */
export type Strings = TFunction;

const fixed = new Map<Lang, Strings>();

// A lookup through i18next takes microseconds and a render makes hundreds: the strings a
// language gave are kept, up to this many (then they start over), keyed by the key and its values.
const maxKept = 4000;

/** `t`, remembering what it answered for a key and its values (strings and numbers only). */
function remembering(t: Strings): Strings {
  const kept = new Map<string, unknown>();
  const call = t as unknown as (key: unknown, options?: unknown) => unknown;
  const lookup = (key: unknown, options?: unknown) => {
    if (typeof key !== 'string' || (options !== undefined && !plainValues(options))) return call(key, options);
    const id = options === undefined ? key : `${key}\u0000${JSON.stringify(options)}`;
    let text = kept.get(id);
    if (text === undefined) {
      text = call(key, options);
      if (kept.size >= maxKept) kept.clear();
      kept.set(id, text);
    }
    return text;
  };
  return Object.assign(lookup, t) as unknown as Strings;
}

/** Whether `options` holds only interpolation values (no `returnObjects`, no nested objects). */
function plainValues(options: unknown): boolean {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return false;
  for (const value of Object.values(options)) {
    if (typeof value !== 'string' && typeof value !== 'number') return false;
  }
  return true;
}

/**
 * The UI strings of one language.
 *
 * @example
 * stringsFor('ko')('bytes', { count: 3 }) // '3바이트'
 */
export function stringsFor(lang: Lang): Strings {
  let t = fixed.get(lang);
  if (t === undefined) {
    t = remembering(i18n.getFixedT(lang));
    fixed.set(lang, t);
  }
  return t;
}

/**
 * An actor's name as the UI shows it: `server` → Server, `client3` → Client 3
 * (클라이언트 3), anything else as it is.
 */
export function actorName(t: Strings, actor: string): string {
  const match = /^(server|client)(\d*)$/.exec(actor);
  if (match === null) return actor;
  const name = match[1] === 'server' ? t('actor.server') : t('actor.client');
  return match[2] === '' ? name : t('actor.numbered', { name, n: match[2] });
}

/** Korean when the browser prefers it, English otherwise. */
export function defaultLang(language: string | undefined): Lang {
  return language?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}
