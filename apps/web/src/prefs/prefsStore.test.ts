import { describe, expect, it } from 'vitest';
import { createPrefsStore } from './prefsStore.ts';

function memory(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
}

describe('preferences', () => {
  it('follows the system theme and shows the desktop layout by default', () => {
    const prefs = createPrefsStore(memory());
    expect(prefs.getState().theme).toBe('system');
    expect(prefs.getState().presenter).toBe(false);
  });

  it('keeps the theme and the presenter layout across page loads', () => {
    const storage = memory();
    const first = createPrefsStore(storage);
    first.getState().setTheme('dark');
    first.getState().togglePresenter();
    const again = createPrefsStore(storage);
    expect(again.getState().theme).toBe('dark');
    expect(again.getState().presenter).toBe(true);
    again.getState().togglePresenter();
    expect(createPrefsStore(storage).getState().presenter).toBe(false);
  });

  it('keeps predict mode (off by default) across page loads', () => {
    const storage = memory();
    expect(createPrefsStore(storage).getState().predict).toBe(false);
    createPrefsStore(storage).getState().togglePredict();
    expect(storage.data.get('socklab.predict')).toBe('on');
    expect(createPrefsStore(storage).getState().predict).toBe(true);
  });

  it('ignores a stored value it does not know, and refuses an unknown theme', () => {
    const prefs = createPrefsStore(memory({ 'socklab.theme': 'sepia' }));
    expect(prefs.getState().theme).toBe('system');
    expect(() => prefs.getState().setTheme('sepia' as never)).toThrow(/sepia/);
  });

  it('works where storage throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    const prefs = createPrefsStore(broken);
    prefs.getState().setTheme('light');
    expect(prefs.getState().theme).toBe('light');
  });
});
