import { apiStates, tcpTransitions, transitionKey } from '@socklab/lifecycle';
import { describe, expect, it } from 'vitest';
import en from './en.json' with { type: 'json' };
import ko from './ko.json' with { type: 'json' };
import { actorName, stringsFor } from './strings.ts';

type Tree = { readonly [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(`${prefix}${key}`, value);
    else for (const [k, v] of leaves(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const languages = { en: leaves(en), ko: leaves(ko) };
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('the UI strings', () => {
  it('have the same keys in every language', () => {
    expect([...languages.ko.keys()].sort()).toEqual([...languages.en.keys()].sort());
  });

  it('have no empty value', () => {
    for (const [lang, strings] of Object.entries(languages)) {
      const empty = [...strings].filter(([, value]) => value.trim() === '').map(([key]) => `${lang}:${key}`);
      expect(empty).toEqual([]);
    }
  });

  it('interpolate the same values in every language', () => {
    for (const [key, text] of languages.en)
      expect(placeholders(languages.ko.get(key) ?? ''), key).toEqual(placeholders(text));
  });

  it('label every API state lifecycle knows', () => {
    for (const state of apiStates) expect(languages.en.has(`api.${state}`), state).toBe(true);
    for (const tr of tcpTransitions) {
      const key = `transition.${transitionKey(tr)}`;
      expect(languages.en.has(key) && languages.ko.has(key), key).toBe(true);
    }
  });

  it('count in English with _one and _other', () => {
    expect(stringsFor('en')('bytes', { count: 1 })).toBe('1 byte');
    expect(stringsFor('en')('bytes', { count: 13 })).toBe('13 bytes');
    expect(stringsFor('ko')('bytes', { count: 13 })).toBe('13바이트');
  });

  it('name actors, numbered ones too', () => {
    expect(actorName(stringsFor('en'), 'client3')).toBe('Client 3');
    expect(actorName(stringsFor('ko'), 'client3')).toBe('클라이언트 3');
    expect(actorName(stringsFor('ko'), 'server')).toBe('서버');
    expect(actorName(stringsFor('en'), 'peer')).toBe('peer');
  });
});

describe('stringsFor', () => {
  it('answers a kept lookup exactly as i18next does, per language and per value', () => {
    const t = stringsFor('en');
    expect(t('bytes', { count: 3 })).toBe('3 bytes');
    expect(t('bytes', { count: 3 })).toBe('3 bytes');
    expect(t('bytes', { count: 1 })).not.toBe(t('bytes', { count: 3 }));
    expect(stringsFor('ko')('bytes', { count: 3 })).toBe('3바이트');
    expect(t('step')).toBe(en.step);
    expect(stringsFor('ko')('step')).toBe(ko.step);
  });
});
