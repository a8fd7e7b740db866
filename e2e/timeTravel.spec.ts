import { hello } from '@socklab/lessons';
import { expect, test } from './fixtures.ts';

// Time travel moves the cursor through the log; the kernel is never asked again.
test.describe('time travel through the hello lesson', () => {
  test.beforeEach(async ({ lab }) => {
    await lab.goto();
    await lab.pickLesson('hello');
    await lab.setPort(0);
    await lab.setLang('en');
    await lab.stepUntil(6);
    await lab.expectShown(6, true);
  });

  test('Back, the step dots, Home and End move the view; it says it shows the past', async ({ lab }) => {
    const step3 = hello.steps[2]!;
    for (let i = 0; i < 3; i++) await lab.backButton.click();
    await lab.expectShown(3, false);
    await expect(lab.pastBanner).toContainText(`Step 3 of ${hello.steps.length} — the past`);
    await expect(lab.root).toHaveClass(/is-review/);
    await expect(lab.narration).toHaveText(step3.narration.en);
    await expect(lab.code('server').locator('[data-current]')).toHaveAttribute('data-line', String(step3.line));
    await expect(lab.callRows).toHaveCount(3);
    await expect(lab.page.getByTestId('socket-card')).toHaveCount(1);
    await expect(lab.page.locator('[data-testid="socket-card"][data-tcp="LISTEN"]')).toHaveCount(1);
    await expect(lab.stepDot(6)).toBeDisabled();

    await lab.stepDot(4).click();
    await lab.expectShown(5, false);
    await expect(lab.narration).toHaveText(hello.steps[4]!.narration.en);

    await lab.page.locator('body').press('Home');
    await lab.expectShown(0, false);
    await expect(lab.callRows).toHaveCount(0);
    await expect(lab.pastBanner).toContainText('Before step 1');
    await expect(lab.firstButton).toBeDisabled();
    await expect(lab.backButton).toBeDisabled();

    await lab.page.locator('body').press('End');
    await lab.expectShown(6, true);
    await expect(lab.pastBanner).toHaveCount(0);
    await expect(lab.callRows).toHaveCount(6);
    await expect(lab.forwardButton).toBeDisabled();
  });

  test('← and → walk back and forward; Forward ends at the head', async ({ lab }) => {
    const body = lab.page.locator('body');
    for (const shown of [5, 4, 3]) {
      await body.press('ArrowLeft');
      await lab.expectShown(shown, false);
    }
    await body.press('ArrowRight');
    await lab.expectShown(4, false);
    await lab.forwardButton.click();
    await lab.expectShown(5, false);
    await body.press('ArrowRight');
    await lab.expectShown(6, true);
    // → on the head runs the next real step, as before.
    await body.press('ArrowRight');
    await lab.expectShown(7, true);
    await expect(lab.root).toHaveAttribute('data-next', '7');
  });

  test('the scrubber moves the view through the log, one event at a time', async ({ lab }) => {
    const head = Number(await lab.root.getAttribute('data-cursor'));
    await expect(lab.scrubber).toHaveAttribute('max', String(head));
    await lab.scrubber.focus();
    await lab.scrubber.press('Home');
    await expect(lab.root).toHaveAttribute('data-cursor', (await lab.scrubber.getAttribute('min')) ?? '');
    await lab.expectShown(0, false);
    await lab.scrubber.press('End');
    await lab.expectShown(6, true);
    await lab.scrubber.press('ArrowLeft');
    await expect(lab.root).toHaveAttribute('data-cursor', String(head - 1));
    await expect(lab.root).toHaveAttribute('data-live', 'false');
    await expect(lab.pastBanner).toBeVisible();
  });

  test('Step from the past goes to the head and runs the next real call', async ({ lab }) => {
    await lab.backButton.click();
    await lab.backButton.click();
    await lab.expectShown(4, false);
    await expect(lab.stepButton).toBeEnabled();
    await lab.stepButton.click();
    await lab.expectShown(7, true);
    await expect(lab.root).toHaveAttribute('data-next', '7');
    await expect(lab.root).toHaveAttribute('data-busy', 'false');
    await expect(lab.callRows).toHaveCount(7);
    await expect(lab.pastBanner).toHaveCount(0);
  });
});
