import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { handshake } from '@socklab/lessons';
import { expect, test } from './fixtures.ts';
import type { LabPage } from './pages/LabPage.ts';

// Issue 9 item 5: a lesson recording, made here from a real live run, is run again on this
// kernel from the UI; each step is judged by the same compare as `socklab run --compare`.

const shots = process.env.SOCKLAB_SHOTS;
const bindStep = handshake.steps.findIndex((s) => s.call.syscall === 'bind');

const note = 'bind() named the port here';

/**
 * Runs handshake live to its end, adds a note while looking back at step 2, and
 * downloads the recording through the UI; returns its text.
 */
async function recordHandshake(lab: LabPage, page: Page): Promise<{ text: string; name: string }> {
  await lab.goto();
  await lab.pickLesson('handshake');
  await lab.setPort(0);
  await lab.setLang('en');
  await lab.stepToEnd();
  await lab.stepDot(1).click();
  await lab.expectShown(2, false);
  await page.getByTestId('note-input').fill(note);
  await expect(page.getByTestId('note-add')).toHaveText('Add a note at step 2');
  await page.getByTestId('note-add').click();
  await expect(page.getByTestId('marker-note')).toHaveText(note);
  await expect(page.getByTestId('marker-note')).toHaveAttribute('title', `Note at step 2: ${note}`);
  await lab.expectShown(2, false);
  await page.getByTestId('recordings-button').click();
  const link = page.getByTestId('download-run');
  const name = (await link.getAttribute('download')) ?? '';
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = join(await mkdtemp(join(tmpdir(), 'socklab-rerun-')), name);
  await download.saveAs(path);
  return { text: await readFile(path, 'utf8'), name };
}

/** Loads a recording from a file through the recordings menu. */
async function open(page: Page, name: string, text: string) {
  await page.getByTestId('recordings-button').click();
  await page
    .getByTestId('recording-file')
    .setInputFiles({ name, mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });
  await expect(page.getByTestId('replay-banner')).toContainText(name);
}

/** Presses "Run again on this kernel" and steps the live run to its end. */
async function runAgain(lab: LabPage, page: Page) {
  await page.getByTestId('rerun').click();
  await expect(lab.root).toHaveAttribute('data-replay', 'false');
  await expect(page.getByTestId('compare-step').and(page.locator('[data-status="pending"]'))).toHaveCount(
    handshake.steps.length,
  );
  await expect(lab.root).toHaveAttribute('data-next', '0');
  await lab.stepToEnd();
}

async function shoot(lab: LabPage, page: Page, name: string) {
  if (!shots) return;
  await mkdir(shots, { recursive: true });
  for (const [width, height] of [
    [1440, 900],
    [768, 1024],
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const lang of ['en', 'ko'] as const) {
      await lab.setLang(lang);
      await page.getByTestId('compare').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `${name}-${width}x${height}-${lang}.png`) });
    }
  }
  await lab.setLang('en');
  await page.setViewportSize({ width: 1280, height: 720 });
}

test.describe('issue 9: run a recording again on this kernel', () => {
  test('REPLAY-4, REPLAY-2: a recording of handshake run again here matches at every step; edited to expect EADDRINUSE, step "server bind()" is flagged with both answers; a note added at step 2 is at step 2', async ({
    lab,
    page,
  }) => {
    test.setTimeout(shots ? 400_000 : 180_000);
    const { text, name } = await recordHandshake(lab, page);
    expect(text.split('\n')[0]).toContain('"lesson":"handshake"');

    // REPLAY-2: in the replay, the note added while looking at step 2 is at step 2.
    await open(page, name, text);
    await expect(lab.root).toHaveAttribute('data-shown-step', '0');
    await page.getByTestId('marker-note').click();
    await expect(lab.root).toHaveAttribute('data-shown-step', '2');
    const chapters = page.getByTestId('markers').locator('li');
    await expect(chapters.nth(2)).toContainText(note);
    await expect(chapters.nth(1)).toContainText('2. Server: bind()');
    await runAgain(lab, page);
    const steps = page.getByTestId('compare-step');
    await expect(steps.and(page.locator('[data-status="match"]'))).toHaveCount(handshake.steps.length);
    await expect(page.getByTestId('compare-summary')).toHaveText(
      `${handshake.steps.length} of ${handshake.steps.length} steps match`,
    );
    await expect(page.getByTestId('compare-diff')).toHaveCount(0);

    // The recording edited to expect EADDRINUSE at the server's bind().
    const lines = text.split('\n');
    const bind = lines
      .filter((line) => line.includes('"type":"syscall.enter"'))
      .map((line) => JSON.parse(line) as { callId: number; step?: number })
      .find((e) => e.step === bindStep);
    expect(bind).toBeDefined();
    const edited = lines
      .map((line) => {
        if (!line.includes('"type":"syscall.exit"')) return line;
        const exit = JSON.parse(line) as { callId: number };
        if (exit.callId !== bind?.callId) return line;
        return JSON.stringify({
          ...exit,
          ret: -1,
          errno: { name: 'EADDRINUSE', code: 98, message: 'Address already in use' },
        });
      })
      .join('\n');
    expect(edited).not.toBe(text);
    await open(page, 'expects-eaddrinuse.ndjson', edited);
    await runAgain(lab, page);
    const flagged = steps.and(page.locator(`[data-step="${bindStep + 1}"]`));
    await expect(flagged).toHaveAttribute('data-status', 'differs');
    await expect(flagged).toContainText('Server bind()');
    await expect(steps.and(page.locator('[data-status="differs"]'))).toHaveCount(1);
    const diff = page.getByTestId('compare-diff');
    await expect(diff).toHaveCount(1);
    await expect(diff).toContainText('Server bind() returned');
    await expect(diff.getByTestId('compare-live')).toHaveText('this kernel: 0');
    await expect(diff.getByTestId('compare-recorded')).toHaveText('the recording: -1 EADDRINUSE');
    await expect(page.getByTestId('compare-summary')).toHaveText(
      `${handshake.steps.length - 1} of ${handshake.steps.length} steps match; step ${bindStep + 1} differs: Server bind() returned 0 here, -1 EADDRINUSE in the recording`,
    );
    await shoot(lab, page, 'compare');
  });
});
