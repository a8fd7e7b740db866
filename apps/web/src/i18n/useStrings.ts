import { useLab } from '../store/useLab.ts';
import { type Strings, stringsFor } from './strings.ts';

/** The UI strings in the language the user picked (the store's `lang`). */
export function useStrings(): Strings {
  return stringsFor(useLab((s) => s.lang));
}
