import { expect, test } from './fixtures.ts';

test('the token leaves the visible URL and the keyboard steps', async ({ lab, page }) => {
  await lab.goto();
  expect(page.url()).not.toContain('token=');
  await lab.setPort(0);
  await page.locator('body').press('ArrowRight');
  await expect(lab.callRows).toHaveCount(1);
  await expect(lab.root).toHaveAttribute('data-next', '1');
  await page.locator('body').press(' ');
  await expect(lab.root).toHaveAttribute('data-next', '2');
  await expect(lab.calls('bind', 'server')).toHaveAttribute('data-ret', '0');
});

test('the header shows the connection and the capabilities of session.hello', async ({ lab, page }) => {
  await lab.goto();
  await lab.setLang('en');
  await expect(lab.connectionStatus).toHaveText('Connected');
  await expect(page.locator('.cap').filter({ hasText: /^packet capture (on|off)$/ })).toHaveCount(1);
  await lab.setLang('ko');
  await expect(lab.connectionStatus).toHaveText('연결됨');
});

test('← looks back one step without touching the kernel; → comes back to live', async ({ lab, page }) => {
  await lab.goto();
  await lab.setPort(0);
  await lab.step();
  await lab.step();
  await lab.step();
  await expect(lab.callRows).toHaveCount(3);
  await page.locator('body').press('ArrowLeft');
  await expect(page.getByTestId('review-banner')).toBeVisible();
  await expect(lab.callRows).toHaveCount(2);
  await expect(lab.root).toHaveAttribute('data-next', '3');
  await page.locator('body').press('ArrowRight');
  await expect(page.getByTestId('review-banner')).toHaveCount(0);
  await expect(lab.callRows).toHaveCount(3);
});

test('Play runs the lesson to its end and stops', async ({ lab, page }) => {
  await lab.goto();
  await lab.setPort(0);
  await page.getByTestId('speed-select').selectOption('fast');
  await lab.playButton.click();
  await expect(lab.playButton).toHaveAttribute('data-playing', 'true');
  await expect(lab.root).toHaveAttribute('data-ended', 'true', { timeout: 30_000 });
  await expect(lab.playButton).toHaveAttribute('data-playing', 'false');
  await expect(lab.playButton).toBeDisabled();
  await expect(lab.checkWarnings).toHaveCount(0);
});

test('a second press of Step before the first is answered does nothing: a double press runs one step', async ({
  lab,
}) => {
  await lab.goto();
  await lab.pickLesson('hello');
  await lab.setPort(0);
  await lab.step();
  // Two presses in one task: no answer can come between them.
  await lab.stepButton.evaluate((button: HTMLButtonElement) => {
    button.click();
    button.click();
  });
  await expect(lab.root).not.toHaveAttribute('data-next', '1');
  await expect(lab.root).toHaveAttribute('data-busy', 'false');
  // hello has 11 steps: 2 ran if the double press ran one, and 9 presses are left; 8 if it ran two.
  expect(await lab.stepToEnd()).toBe(9);
});

test('after the first visit with the token, a new tab at the bare address connects; another browser without it does not', async ({
  lab,
  page,
  browser,
}) => {
  await lab.goto();
  const bare = new URL(page.url());
  bare.search = '';
  // A new tab of the same browser (its HttpOnly cookie), opened at the address without the token.
  const tab = await page.context().newPage();
  await tab.goto(bare.toString());
  await expect(tab.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');
  await expect(tab.getByTestId('lab')).toHaveAttribute('data-next', '0');
  await tab.close();
  // Another browser profile never saw the token: it gets the page, not the lab.
  const stranger = await browser.newContext();
  const other = await stranger.newPage();
  await other.goto(bare.toString());
  await expect(other.getByTestId('connection-status')).toHaveAttribute('data-state', 'noToken');
  await stranger.close();
});
