import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { startReplay } from './replayApp.ts';

// Issue 11's check list: switch to Korean and back; every visible string changes and none is a raw key.
// A string that is the same in both languages must be one that must not change, for the reason given.

/** What may read the same in English and Korean, each with why. */
const sameInBoth: { pattern: RegExp; why: string }[] = [
  {
    pattern: /^[\d\s.,:;=()[\]{}<>+\-−–—/×#%…·→←↔⇄|*&'"!?]+$/u,
    why: 'numbers and punctuation: fds, ports, bytes, counts',
  },
  {
    pattern: /^(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?$|^:\d+$|^\[?[0-9a-f:]+\]?:\d+$/,
    why: 'addresses and ports, as the kernel reports them',
  },
  {
    pattern:
      /^(?:CLOSED|LISTEN|SYN_SENT|SYN_RECEIVED|ESTABLISHED|FIN_WAIT_[12]|CLOSE_WAIT|CLOSING|LAST_ACK|TIME_WAIT)$/,
    why: 'TCP states keep their RFC 9293 names',
  },
  { pattern: /^E[A-Z]+$/, why: "errno names are the kernel's" },
  { pattern: /^(?:SYN|ACK|FIN|RST|PSH|URG)(?:[-,](?:SYN|ACK|FIN|RST|PSH|URG))*$/, why: 'TCP flags' },
  { pattern: /^[a-z_][a-z0-9_]*\(\)$/, why: 'system call names, as in C' },
  { pattern: /^[a-z]+(?:_[a-z0-9]+)+$|^(?:sock|buff|message)$/, why: "C variable names of the lessons' programs" },
  {
    pattern: /^(?:[a-z]+(?:_[a-z0-9]+)*|sock|buff|message) =$/,
    why: "a C line's value tag (`client_socket = 36`): the variable of the program, as in C",
  },
  { pattern: /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/, why: 'C constants (SOCK_NONBLOCK, SO_REUSEADDR), as in the headers' },
  { pattern: /^RFC 9293 §[\d.]+ /, why: "the RFC's own section titles, which exist in English only" },
  { pattern: /Hello, socket|Hello World!/, why: "bytes the lesson's programs send, as they travel" },
  {
    pattern: /^(?:socklab|sock|lab|RFC 9293|API|FD|fd|SVG|PNG|Recv-Q \/ Send-Q|seq|ack|len|win|TCP_INFO|sock_diag)$/,
    why: "names of the product, the standard, the kernel's interfaces and file formats",
  },
  { pattern: /^(?:한국어|English)$/, why: 'each language is named in itself, in both' },
  { pattern: /^\$ \.\/\S+( .*)?$|^\.\/\S+/, why: 'shell commands that start the C programs' },
  { pattern: /^(?:seq|ack|len|win) \d+/, why: 'segment fields as tcpdump writes them' },
  { pattern: /^#\d+$|^= -?\d+$|^= -1 E[A-Z]+/, why: 'call numbers and return values' },
  { pattern: /^[\w.-]+\.(?:ndjson|c|svg|png|pcapng)$/, why: 'file names (recordings on the server, C sources)' },
];

/** Visible text of the page, one entry per text node, outside C code (`pre`, `code`, `kbd`: the programs' own text). */
function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
      const parent = node.parentElement;
      if (text === '' || parent === null) continue;
      if (parent.closest('pre, code, kbd, script, style, [aria-hidden="true"], .sr-only')) continue;
      // A closed <details> shows its summary only. Chromium may or may not have laid its content out
      // (content-visibility), so its rects say nothing about whether the user sees it.
      let folded = false;
      for (let d = parent.closest('details:not([open])'); d !== null && !folded; ) {
        folded = d.querySelector(':scope > summary')?.contains(parent) !== true;
        d = d.parentElement?.closest('details:not([open])') ?? null;
      }
      if (folded) continue;
      if (parent.getClientRects().length === 0 || getComputedStyle(parent).visibility === 'hidden') continue;
      texts.push(text);
    }
    // Placeholders and the labels of controls are visible text too.
    for (const el of document.querySelectorAll<HTMLInputElement>('input[placeholder]'))
      if (el.getClientRects().length > 0) texts.push(el.placeholder);
    return texts;
  });
}

const rawKey = /^[a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_]+)+$/;

/** Compares the screen in both languages: every English string is gone in Korean, or allowed; no raw key. */
async function checkBothWays(
  page: Page,
  setLang: (lang: 'en' | 'ko') => Promise<void>,
  screen: string,
  /** What a text is compared as: a part that may rightly differ between two readings is masked. */
  same: (text: string) => string = (text) => text,
) {
  await setLang('en');
  const en = (await visibleTexts(page)).map(same);
  await setLang('ko');
  const ko = (await visibleTexts(page)).map(same);
  await setLang('en');
  const back = (await visibleTexts(page)).map(same);

  expect(en.length, `${screen}: texts seen`).toBeGreaterThan(10);
  for (const [lang, texts] of [
    ['en', en],
    ['ko', ko],
  ] as const)
    expect(
      texts.filter((t) => rawKey.test(t)),
      `${screen} (${lang}): raw keys`,
    ).toEqual([]);
  const korean = new Set(ko);
  const unchanged = [...new Set(en)].filter((t) => korean.has(t) && !sameInBoth.some((a) => a.pattern.test(t)));
  expect(unchanged, `${screen}: strings that did not change in Korean`).toEqual([]);
  expect(
    ko.some((t) => /[\uac00-\ud7a3]/.test(t)),
    `${screen}: Korean text`,
  ).toBe(true);
  // And back: English again, as it was.
  expect(new Set(back), `${screen}: back in English`).toEqual(new Set(en));
}

test.describe('issue 11: switch to Korean and back, every visible string changes and none is a raw key', () => {
  test('a lesson mid-way, with the recordings menu and the why open', async ({ lab, page }) => {
    await lab.goto();
    await lab.pickLesson('hello');
    await lab.setPort(0);
    await lab.stepUntil(6);
    await page.getByTestId('step-why').locator('summary').click();
    await page.getByTestId('recordings-button').click();
    await checkBothWays(page, (l) => lab.setLang(l), 'lesson');
    // The handout (a modal dialog): closed, switched and opened again, as a user would.
    const handout = page.getByTestId('handout');
    await page.getByTestId('handout-button').click();
    await expect(handout).toBeVisible();
    const setLangAroundHandout = async (lang: 'en' | 'ko') => {
      await page.keyboard.press('Escape');
      await expect(handout).toHaveCount(0);
      await lab.setLang(lang);
      await page.getByTestId('recordings-button').click();
      await page.getByTestId('handout-button').click();
      await expect(handout).toBeVisible();
    };
    // Each opening prints the handout anew, with its own date and time: a minute may turn between the three.
    const printedAt = (text: string) => text.replace(/, printed .+\.$/, ', printed (date).');
    await checkBothWays(page, setLangAroundHandout, 'handout', printedAt);
  });

  test('the playground', async ({ lab, page }) => {
    await lab.goto();
    await page.getByTestId('mode-playground').click();
    await expect(lab.root).toHaveAttribute('data-lesson', 'playground');
    await checkBothWays(page, (l) => lab.setLang(l), 'playground');
  });

  test('a replay of a recording, at its end, wire tab open', async ({ page }) => {
    const replay = await startReplay('echo');
    try {
      await page.goto(`${replay.url}#step=13&lang=en`);
      await expect(page.getByTestId('lab')).toHaveAttribute('data-shown-step', '13');
      await page.getByTestId('tab-wire').click();
      const setLang = async (lang: 'en' | 'ko') => {
        await page.getByTestId('lang-toggle').locator(`button[data-lang="${lang}"]`).click();
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
      };
      await checkBothWays(page, setLang, 'replay');
    } finally {
      await replay.stop();
    }
  });
});
