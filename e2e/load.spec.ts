import type { Page } from '@playwright/test';
import { loadLesson } from '@socklab/lessons';
import { expect, test } from './fixtures.ts';
import type { LabPage } from './pages/LabPage.ts';

/** Runs the load lesson's one step and waits for its tally: every call made. */
async function runLoad(lab: LabPage, page: Page): Promise<void> {
  await lab.goto();
  await lab.pickLesson(loadLesson.id);
  await expect(page.getByTestId('load-stage')).toHaveAttribute('data-phase', 'ready');
  await page.getByTestId('step').click();
  const tally = page.getByTestId('load-tally');
  await expect(tally).toBeVisible({ timeout: 60_000 });
  const planned = Number(await tally.getAttribute('data-planned'));
  expect(planned).toBe(loadLesson.defaultClients * 10 + 4);
  await expect(tally).toHaveAttribute('data-made', String(planned));
  await expect(page.getByTestId('load-stage')).toHaveAttribute('data-phase', 'done');
  // No call failed: no errno among the results.
  await expect(page.locator('[data-testid="load-result"]:not([data-errno=""])')).toHaveCount(0);
  await expect(page.getByTestId('load-states').locator('polyline[data-series="TIME_WAIT"]')).toHaveCount(1);
  await expect(page.getByTestId('load-source')).toContainText('sock_diag');
  await expect(page.getByTestId('check-warning')).toHaveCount(0);
}

test.describe('the load lesson: a thousand clients, shown in aggregate', () => {
  test('LOAD-1, ISO-1: as root, in a namespace of its own: every call is counted and the charts come from sock_diag', async ({
    lab,
    page,
  }) => {
    await runLoad(lab, page);
  });

  test('LOAD-1, ISO-2: as nobody, on the host network: the same run, on a port the kernel chose', async ({
    labWithoutCapture,
    page,
  }) => {
    await runLoad(labWithoutCapture, page);
  });
});
