import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

/** A colour theme, or `system`: follow `prefers-color-scheme`. */
export const Theme = { system: 'system', light: 'light', dark: 'dark' } as const;
export type Theme = (typeof Theme)[keyof typeof Theme];

/** How the room sees the lab: the theme, the presenter layout and predict mode, kept in this browser. */
export type PrefsState = {
  theme: Theme;
  presenter: boolean;
  /** Predict, then see: before each lesson step, ask what the call will do. */
  predict: boolean;
  setTheme: (theme: Theme) => void;
  togglePresenter: () => void;
  togglePredict: () => void;
};

const THEME_KEY = 'socklab.theme';
const PRESENTER_KEY = 'socklab.presenter';
const PREDICT_KEY = 'socklab.predict';

/** The storage to keep preferences in, or null where the browser refuses it. */
type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'> | null;

function read(storage: Storage, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(storage: Storage, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {
    // Storage can be disabled: the choice holds for this page load.
  }
}

/**
 * Creates the preferences store, read from and written to `storage`.
 *
 * @example
 * const prefs = createPrefsStore(localStorage);
 * prefs.getState().togglePresenter(); // localStorage['socklab.presenter'] === 'on'
 */
export function createPrefsStore(storage: Storage) {
  const stored = read(storage, THEME_KEY);
  const theme: Theme = stored !== null && Object.hasOwn(Theme, stored) ? (stored as Theme) : 'system';
  return createStore<PrefsState>()((set, get) => ({
    theme,
    presenter: read(storage, PRESENTER_KEY) === 'on',
    predict: read(storage, PREDICT_KEY) === 'on',
    setTheme: (next) => {
      if (!Object.hasOwn(Theme, next)) throw new Error(`setTheme: no theme "${String(next)}"`);
      write(storage, THEME_KEY, next);
      set({ theme: next });
    },
    togglePresenter: () => {
      const presenter = !get().presenter;
      write(storage, PRESENTER_KEY, presenter ? 'on' : 'off');
      set({ presenter });
    },
    togglePredict: () => {
      const predict = !get().predict;
      write(storage, PREDICT_KEY, predict ? 'on' : 'off');
      set({ predict });
    },
  }));
}

function localStore(): Storage {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export const prefsStore = createPrefsStore(localStore());

/** Selects from the preferences store. */
export function usePrefs<T>(selector: (state: PrefsState) => T): T {
  return useStore(prefsStore, selector);
}
