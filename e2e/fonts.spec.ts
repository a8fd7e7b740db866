import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

// The machines socklab is taught on may have no CJK font at all (a stock Debian, CI), or one
// of their own: these tests look at the fonts the page itself ships, never at the system's.

const hangul = /[\uac00-\ud7a3]/;

/** Every element with Hangul in its own text, and the fonts Chromium really drew it with. */
async function fontsOfHangulText(
  page: Page,
): Promise<{ text: string; fonts: { family: string; custom: boolean }[] }[]> {
  const marked = await page.evaluate((source) => {
    const pattern = new RegExp(source);
    let n = 0;
    for (const el of document.querySelectorAll('body *')) {
      const own = [...el.childNodes].some((c) => c.nodeType === Node.TEXT_NODE && pattern.test(c.textContent ?? ''));
      if (own && el.getClientRects().length > 0) el.setAttribute('data-fonts-probe', String(n++));
    }
    return n;
  }, hangul.source);
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const result = [];
    for (let i = 0; i < marked; i++) {
      const selector = `[data-fonts-probe="${i}"]`;
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      const text = await page.locator(selector).evaluate((el) => (el.textContent ?? '').trim().slice(0, 40));
      result.push({ text, fonts: fonts.map((f) => ({ family: f.familyName, custom: f.isCustomFont })) });
    }
    return result;
  } finally {
    await cdp.detach();
  }
}

/** The families and unicode-ranges of the shipped @font-face slices the page has loaded. */
function loadedFaces(page: Page): Promise<{ family: string; unicodeRange: string }[]> {
  return page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts]
      .filter((f) => f.status === 'loaded')
      .map((f) => ({ family: f.family.replace(/^"|"$/g, ''), unicodeRange: f.unicodeRange }));
  });
}

test('Korean text and C comments are drawn with the shipped fonts, not tofu', async ({ lab, page }, testInfo) => {
  await lab.goto();
  await lab.setLang('ko');
  await lab.pickLesson('hello');
  await lab.setPort(0);
  for (let i = 0; i < 4; i++) await lab.step();
  await expect(lab.blocked('server')).toBeVisible();

  await page.evaluate(() => document.fonts.ready);
  expect(await page.evaluate(() => document.fonts.check('16px "Noto Sans KR"', '한국어'))).toBe(true);
  expect(await page.evaluate(() => document.fonts.check('12.5px "Nanum Gothic Coding"', '// 클라이언트'))).toBe(true);
  const faces = await loadedFaces(page);
  expect(faces.filter((f) => f.family === 'Noto Sans KR').length).toBeGreaterThan(0);
  expect(faces.filter((f) => f.family === 'Nanum Gothic Coding').length).toBeGreaterThan(0);

  // What Chromium really drew: no element with Hangul used a font of this machine for any glyph.
  const drawn = await fontsOfHangulText(page);
  expect(drawn.length).toBeGreaterThan(20);
  const local = drawn.filter((d) => d.fonts.some((f) => !f.custom));
  expect(local, 'elements with Hangul drawn (in part) with a system font').toEqual([]);
  const comment = drawn.find((d) => d.text.startsWith('//') && hangul.test(d.text) && d.fonts.length > 0);
  expect(comment?.fonts.map((f) => f.family).join()).toMatch(/Nanum ?Gothic ?Coding/);

  // A pixel test: 한 in the page's font differs from 한 in a font that does not exist (tofu on a
  // machine without a CJK font, another font's glyph on one with it).
  const differs = await page.evaluate(async () => {
    const family = getComputedStyle(document.body).fontFamily;
    await document.fonts.load(`48px ${family}`, '한');
    const draw = (font: string) => {
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 64;
      const ctx = canvas.getContext('2d');
      if (ctx === null) throw new Error('no 2d context');
      ctx.font = font;
      ctx.textBaseline = 'top';
      ctx.fillText('한', 4, 4);
      return ctx.getImageData(0, 0, 64, 64).data;
    };
    const shipped = draw(`48px ${family}`);
    const missing = draw('48px "socklab-no-such-font"');
    const inked = shipped.some((v, i) => i % 4 === 3 && v > 0);
    return inked && shipped.some((v, i) => v !== missing[i]);
  });
  expect(differs).toBe(true);

  // For humans: the server's code panel (Korean strings) and the client's (Korean comments).
  for (const actor of ['server', 'client'] as const) {
    const path = testInfo.outputPath(`code-${actor}-ko.png`);
    await lab.code(actor).screenshot({ path });
    await testInfo.attach(`code-${actor}-ko`, { path, contentType: 'image/png' });
  }
  await page.screenshot({ path: testInfo.outputPath('lab-ko.png') });
});

test('an English page loads only the slices of Noto Sans KR its own characters need', async ({ lab, page }) => {
  await lab.goto();
  await lab.setLang('en');
  const faces = (await loadedFaces(page)).filter((f) => f.family === 'Noto Sans KR');
  const total = await page.evaluate(() => [...document.fonts].filter((f) => f.family.includes('Noto Sans KR')).length);
  expect(faces.length).toBeGreaterThan(0);
  expect(faces.length).toBeLessThan(total / 10);
  // Each loaded slice holds a character of the page (the "한국어" button brings one or two).
  const text = await page.evaluate(() => document.body.textContent ?? '');
  const codes = new Set([...text].map((c) => c.codePointAt(0) ?? 0));
  for (const face of faces) {
    const ranges = face.unicodeRange.split(',').map((r) => {
      const [from = '0', to = from] = r.trim().replace(/^U\+/i, '').split('-');
      return [Number.parseInt(from, 16), Number.parseInt(to, 16)] as const;
    });
    const used = [...codes].some((c) => ranges.some(([from, to]) => c >= from && c <= to));
    expect(used, `slice ${face.unicodeRange.slice(0, 40)}… loaded for no character on the page`).toBe(true);
  }
});

test('the controls draw their icons, not symbol characters', async ({ lab }) => {
  await lab.goto();
  for (const button of [lab.stepButton, lab.playButton, lab.resetButton]) {
    await expect(button.locator('svg.icon')).toHaveCount(1);
    await expect(button).toHaveText(/^[\p{L}\p{N} ]+$/u);
  }
  await expect(lab.checkStatus.locator('svg.icon')).toHaveCount(1);
});
