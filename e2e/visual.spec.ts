import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { type Fixture, startReplay } from './replayApp.ts';

// Issue 11 item 9: screenshots of the main screens, compared with the committed ones in
// e2e/visual.spec.ts-snapshots/, so that a layout regression fails. Deterministic: replays of the
// committed real recordings (no live ports, fds or times), UTC and one locale, no animations, the
// shipped fonts loaded. After an intended change of the UI: `npx playwright test visual --update-snapshots`.

const sizes = {
  desktop: { width: 1440, height: 900 },
  projector: { width: 1280, height: 720 },
  tablet: { width: 768, height: 1024 },
} as const;
type Size = keyof typeof sizes;
type Lang = 'en' | 'ko';
type Theme = 'light' | 'dark';

// Antialiasing noise between two runs stays far below 1 % of the pixels; a panel 40 px narrower moves far more.
const tolerance = { maxDiffPixelRatio: 0.01, threshold: 0.2, animations: 'disabled', caret: 'hide' } as const;

test.use({ timezoneId: 'UTC', locale: 'en-US', reducedMotion: 'reduce' });

const replays = new Map<Fixture, { url: string; stop: () => Promise<void> }>();
test.beforeAll(async () => {
  for (const fixture of ['hello', 'echo'] as const) replays.set(fixture, await startReplay(fixture));
});
test.afterAll(async () => {
  for (const replay of replays.values()) await replay.stop();
});

/** Waits until the shipped fonts the page uses have loaded (and none is still loading). */
async function fontsSettled(page: Page): Promise<void> {
  await page.waitForFunction(async () => {
    await document.fonts.ready;
    const faces = [...document.fonts];
    return faces.some((f) => f.status === 'loaded') && !faces.some((f) => f.status === 'loading');
  });
}

async function openReplay(page: Page, fixture: Fixture, step: number, lang: Lang, theme: Theme, size: Size) {
  await page.setViewportSize(sizes[size]);
  await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
  await page.goto(`${replays.get(fixture)?.url}#step=${step}&lang=${lang}`);
  const root = page.getByTestId('lab');
  await expect(root).toHaveAttribute('data-replay', 'true');
  await expect(root).toHaveAttribute('data-shown-step', String(step));
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await fontsSettled(page);
}

const matrix = (sizeList: Size[], langs: Lang[], themes: Theme[]) =>
  sizeList.flatMap((size) => langs.flatMap((lang) => themes.map((theme) => ({ size, lang, theme }))));

test.describe('issue 11 item 9: the main screens look as committed', () => {
  // A lesson mid-way: hello after the client's connect(), the server still blocked in accept().
  for (const { size, lang, theme } of matrix(['desktop', 'projector', 'tablet'], ['en', 'ko'], ['light', 'dark'])) {
    test(`lesson mid-way (hello, step 6), ${size}, ${lang}, ${theme}`, async ({ page }) => {
      await openReplay(page, 'hello', 6, lang, theme, size);
      await expect(page).toHaveScreenshot(`lesson-${size}-${lang}-${theme}.png`, tolerance);
    });
  }

  // The replay at its end: the banner, every call, the wire and the kernel table filled.
  for (const { size, lang, theme } of [
    ...matrix(['desktop', 'projector', 'tablet'], ['en', 'ko'], ['light']),
    ...matrix(['desktop'], ['en', 'ko'], ['dark']),
  ]) {
    test(`replay at its end (echo), ${size}, ${lang}, ${theme}`, async ({ page }) => {
      await openReplay(page, 'echo', 13, lang, theme, size);
      await page.getByTestId('tab-wire').click();
      await expect(page.getByTestId('wire-packet').first()).toBeVisible();
      await expect(page).toHaveScreenshot(`replay-${size}-${lang}-${theme}.png`, tolerance);
    });
  }

  // Presenter mode (key P), made for a projector.
  for (const { size, lang, theme } of [
    ...matrix(['projector'], ['en', 'ko'], ['light', 'dark']),
    ...matrix(['desktop'], ['en'], ['light']),
  ]) {
    test(`presenter (hello, step 6), ${size}, ${lang}, ${theme}`, async ({ page }) => {
      await openReplay(page, 'hello', 6, lang, theme, size);
      await page.keyboard.press('p');
      await expect(page.getByTestId('lab')).toHaveAttribute('data-presenter', 'true');
      await fontsSettled(page);
      await expect(page).toHaveScreenshot(`presenter-${size}-${lang}-${theme}.png`, tolerance);
    });
  }

  // The playground before its first call: live, but nothing in it depends on the kernel yet.
  for (const { size, lang, theme } of [
    ...matrix(['desktop', 'projector', 'tablet'], ['en', 'ko'], ['light']),
    ...matrix(['desktop'], ['en'], ['dark']),
  ]) {
    test(`playground, ${size}, ${lang}, ${theme}`, async ({ lab, page }) => {
      await page.setViewportSize(sizes[size]);
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      await lab.goto();
      await lab.setLang(lang);
      await page.getByTestId('mode-playground').click();
      await expect(lab.root).toHaveAttribute('data-lesson', 'playground');
      await fontsSettled(page);
      await expect(page).toHaveScreenshot(`playground-${size}-${lang}-${theme}.png`, {
        ...tolerance,
        // The first lesson's port hint and the session's own ids are not part of the layout.
        mask: [page.getByTestId('connection-status')],
      });
    });
  }
});
