import type { Locator } from '@playwright/test';
import { hello } from '@socklab/lessons';
import { expect, test } from './fixtures.ts';
import type { LabPage } from './pages/LabPage.ts';

/** Presses Tab until `target` has the focus (at most `limit` times); fails if it never does. */
async function tabTo(lab: LabPage, target: Locator, limit = 120): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await lab.page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

test('a keyboard-only run of hello: steps, a packet, a chip and a socket card, all by keys', async ({ lab }) => {
  await lab.goto();
  await lab.pickLesson('hello');
  await lab.setPort(0);

  // The first Tab stop skips the header (a click on the page's top edge starts Tab from there, as on a fresh load).
  await lab.page.mouse.click(2, 2);
  await lab.page.keyboard.press('Tab');
  const skip = lab.page.locator('.skip-link');
  await expect(skip).toBeFocused();
  await lab.page.keyboard.press('Enter');
  await expect(lab.page.locator('#lab-start')).toBeFocused();

  // → runs each step; the header and the live region say what the kernel answered.
  const announcer = lab.page.getByTestId('step-announcer');
  for (let i = 0; i < hello.steps.length; i++) {
    const next = await lab.root.getAttribute('data-next');
    await lab.page.keyboard.press('ArrowRight');
    await expect(lab.root).not.toHaveAttribute('data-next', next ?? '');
    await expect(lab.root).toHaveAttribute('data-busy', 'false');
    if (i === 0) {
      const fd = await lab.returnsOf('socket', 'server');
      await expect(lab.page.getByTestId('step-result')).toHaveText(`= ${fd[0]}`);
      await expect(announcer).toHaveText(new RegExp(`^Server: socket\\(PF_INET, SOCK_STREAM, 0\\) = ${fd[0]}$`));
    }
  }
  await expect(lab.root).toHaveAttribute('data-next', 'end');
  await expect(lab.stdout('client')).toContainText('Message from server: Hello World!');

  // A chip of the diagram, by Tab and Enter.
  const chip = lab.page.getByTestId('endpoint-chip').first();
  await tabTo(lab, chip);
  await lab.page.keyboard.press('Enter');
  await expect(chip).toHaveAttribute('aria-pressed', 'true');

  // A socket card: its name is a button that makes the diagram follow it.
  const card = lab.page.locator('[data-testid="socket-card"]').last();
  const select = card.locator('.select-socket');
  await tabTo(lab, select);
  await lab.page.keyboard.press('Enter');
  await expect(card).toHaveAttribute('data-selected', 'true');

  // A packet in the wire lane opens its decoded header.
  if (await lab.captureAvailable()) {
    await lab.showPanel('wire');
    const packet = lab.wirePackets.first().locator('.packet-hit');
    await tabTo(lab, packet);
    await lab.page.keyboard.press('Enter');
    await expect(lab.packetDetails).toBeVisible();
  }

  // The "?" help opens on Enter and closes on Esc.
  const help = lab.page.getByTestId('info-button');
  await tabTo(lab, help);
  await lab.page.keyboard.press('Enter');
  await expect(lab.page.getByTestId('info-pop')).toBeVisible();
  await lab.page.keyboard.press('Escape');
  await expect(lab.page.getByTestId('info-pop')).toHaveCount(0);
});

test('the corrections panel closes on Esc and on Reset; P toggles the presenter layout and it is kept', async ({
  lab,
}) => {
  await lab.goto();
  await lab.pickLesson('hello');
  await lab.setPort(0);
  const corrections = lab.page.getByTestId('corrections');
  await corrections.locator('summary').click();
  await expect(corrections).toHaveAttribute('open', '');
  await lab.page.keyboard.press('Escape');
  await expect(corrections).not.toHaveAttribute('open', '');

  await corrections.locator('summary').click();
  await expect(corrections).toHaveAttribute('open', '');
  await lab.resetButton.click();
  await expect(corrections).not.toHaveAttribute('open', '');

  await lab.page.locator('body').press('p');
  await expect(lab.root).toHaveAttribute('data-presenter', 'true');
  await lab.page.reload();
  await expect(lab.root).toHaveAttribute('data-presenter', 'true');
  await lab.page.locator('body').press('p');
  await expect(lab.root).toHaveAttribute('data-presenter', 'false');
});
