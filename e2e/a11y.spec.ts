import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';
import type { LabPage } from './pages/LabPage.ts';
import { PlaygroundPage } from './pages/PlaygroundPage.ts';

/** The rules axe-core reports as serious or critical on the page as it is now. */
async function seriousViolations(lab: LabPage): Promise<string[]> {
  // A card fading in has, for that moment, the contrast of its opacity: check the screen once every
  // finite animation (the step's motion, a theme change) has ended. A blocked call's beat never ends.
  await lab.page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  const result = await new AxeBuilder({ page: lab.page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join(', ')}`,
    );
}

/** Sets the theme with the header's switch, as a user does. */
async function setTheme(lab: LabPage, theme: 'light' | 'dark'): Promise<void> {
  const toggle = lab.page.getByTestId('theme-toggle');
  if ((await toggle.getAttribute('data-theme')) !== theme) await toggle.click();
  await expect(lab.page.locator('html')).toHaveAttribute('data-theme', theme);
}

// axe checks the contrast of every text node: seven checks of a full screen take a while on a busy machine.
test.describe.configure({ timeout: 300_000 });

for (const lang of ['en', 'ko'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`axe finds no serious or critical violation on the main screens (${lang}, ${theme})`, async ({ lab }) => {
      await lab.goto();
      await lab.pickLesson('hello');
      await lab.setPort(0);
      await lab.setLang(lang);
      await setTheme(lab, theme);
      expect(await seriousViolations(lab), 'lesson at start').toEqual([]);

      for (let i = 0; i < 5; i++) await lab.step();
      expect(await seriousViolations(lab), 'after five steps').toEqual([]);

      await lab.page.getByTestId('corrections').locator('summary').click();
      await expect(lab.page.getByTestId('correction').first()).toBeVisible();
      expect(await seriousViolations(lab), 'corrections open').toEqual([]);
      await lab.page.keyboard.press('Escape');
      await expect(lab.page.getByTestId('correction').first()).toBeHidden();

      for (const panel of ['wire', 'kernel'] as const) {
        await lab.showPanel(panel);
        expect(await seriousViolations(lab), `${panel} tab`).toEqual([]);
      }

      await lab.page.keyboard.press('p');
      await expect(lab.root).toHaveAttribute('data-presenter', 'true');
      expect(await seriousViolations(lab), 'presenter').toEqual([]);
      await lab.page.keyboard.press('p');

      // Predict, then see: the question before a step, then the kernel's answer beside the prediction.
      await lab.page.getByTestId('predict-toggle').click();
      await expect(lab.page.getByTestId('predict-question')).toBeVisible();
      expect(await seriousViolations(lab), 'predict question').toEqual([]);
      await lab.page.getByTestId('predict-choice-return').check();
      await lab.page.getByTestId('predict-submit').click();
      await lab.step();
      await expect(lab.page.getByTestId('predict-reveal')).not.toHaveAttribute('data-verdict', 'waiting');
      expect(await seriousViolations(lab), 'predict answer').toEqual([]);
      await lab.page.getByTestId('predict-toggle').click();

      await new PlaygroundPage(lab).open();
      // The Call buttons fade in (opacity) once the playground started: axe measures them after it.
      for (const run of await lab.page.getByTestId('pg-run').all()) {
        await expect(run).toBeEnabled();
        await expect(run).toHaveCSS('opacity', '1');
      }
      expect(await seriousViolations(lab), 'playground').toEqual([]);
    });
  }
}
