import { findLesson, type Lang, loadLesson } from '@socklab/lessons';

/** Where the page is, as its address hash carries it: `#lesson=echo&step=7&lang=ko`. */
export type Place = { lesson?: string; step?: number; lang?: Lang };

const langs: readonly string[] = ['en', 'ko'];
// No lesson has this many steps: a larger number is a broken link, not a place.
const maxStep = 10_000;

/**
 * Reads a place from an address hash. Unknown keys, unknown lessons, steps that
 * are not whole numbers and languages other than `en`/`ko` are left out:
 * defaults apply, nothing throws.
 *
 * @example
 * parsePlace('#lesson=echo&step=7&lang=ko') // { lesson: 'echo', step: 7, lang: 'ko' }
 * parsePlace('#step=-1&lang=fr') // {}
 */
export function parsePlace(hash: string): Place {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(hash.replace(/^#/, ''));
  } catch {
    return {};
  }
  const place: Place = {};
  const lesson = params.get('lesson');
  if (lesson !== null && (findLesson(lesson) !== undefined || lesson === loadLesson.id)) place.lesson = lesson;
  const step = params.get('step');
  if (step !== null && /^\d{1,5}$/.test(step) && Number(step) <= maxStep) place.step = Number(step);
  const lang = params.get('lang');
  if (lang !== null && langs.includes(lang)) place.lang = lang as Lang;
  return place;
}

/**
 * The address hash of a place, in a fixed order; `''` for an empty place.
 *
 * @example
 * placeHash({ lesson: 'echo', step: 7, lang: 'ko' }) // '#lesson=echo&step=7&lang=ko'
 */
export function placeHash(place: Place): string {
  const params = new URLSearchParams();
  if (place.lesson !== undefined) params.set('lesson', place.lesson);
  if (place.step !== undefined) params.set('step', String(place.step));
  if (place.lang !== undefined) params.set('lang', place.lang);
  const text = params.toString();
  return text === '' ? '' : `#${text}`;
}
