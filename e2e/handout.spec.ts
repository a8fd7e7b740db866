import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { echo } from '@socklab/lessons';
import { parseRecording } from '@socklab/protocol';
import { expect, test } from './fixtures.ts';
import { startReplay } from './replayApp.ts';

// Issue 11 item 7: a lesson run as a handout to print or save as PDF: its C programs, each step with the
// kernel's real answer (from the run's log, never the lesson's expectations) and the picture of the run.

const shots = process.env.SOCKLAB_SHOTS;
const fixtures = resolve(import.meta.dirname, '../apps/web/src/view/fixtures');

/** The number of pages of a PDF Chromium wrote: its page tree's /Count. */
function pageCount(pdf: Buffer): number {
  const counts = [...pdf.toString('latin1').matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)].map((m) =>
    Number(m[1]),
  );
  return Math.max(0, ...counts);
}

test('a live run of echo prints as a handout with its real fds, port and answers, in the current language', async ({
  lab,
  page,
}, testInfo) => {
  await lab.goto();
  await lab.pickLesson('echo');
  await lab.setPort(0);
  await lab.setLang('en');
  await lab.stepToEnd();

  // The run's own answers, as the timeline shows them from the log.
  await lab.showPanel('calls');
  const [serverFd] = await lab.returnsOf('socket', 'server');
  const [clientFd] = await lab.returnsOf('socket', 'client');
  const [acceptedFd] = await lab.returnsOf('accept', 'server');
  const port = Number((await page.getByTestId('port-chosen').textContent())?.match(/\d+/)?.[0]);
  expect(port).toBeGreaterThan(1023);
  expect(port).not.toBe(echo.port);

  await page.getByTestId('recordings-button').click();
  await page.getByTestId('handout-button').click();
  const handout = page.getByTestId('handout');
  await expect(handout).toBeVisible();
  await expect(handout.getByRole('heading', { level: 1 })).toHaveText(echo.title.en);

  // The programs, with the port the kernel chose in place of the lesson's 4000.
  const programs = handout.getByTestId('handout-program');
  await expect(programs).toHaveCount(echo.programs.length);
  await expect(programs.last()).toContainText(`htons(${port})`);
  await expect(programs.first()).not.toContainText(String(echo.port));

  // Every step, each with the call the kernel got and its answer.
  const steps = handout.getByTestId('handout-step');
  await expect(steps).toHaveCount(echo.steps.length);
  await expect(steps.first().getByTestId('handout-answer')).toHaveText(`= ${serverFd}`);
  await expect(steps.first().getByTestId('handout-states')).toContainText(`server_socket (fd ${serverFd}): CLOSED`);
  const calls = await handout.getByTestId('handout-call').allTextContents();
  expect(calls).toContain(`listen(${serverFd}, 5)`);
  expect(calls.some((c) => c.startsWith(`connect(${clientFd}, {AF_INET, 127.0.0.1:${port}}`))).toBe(true);
  const answers = await handout.getByTestId('handout-answer').allTextContents();
  expect(answers.some((a) => a.includes(`= ${acceptedFd}`))).toBe(true);
  await expect(handout.locator('[data-answer="notRun"]')).toHaveCount(0);
  await expect(handout.getByTestId('handout-origin')).toContainText(`port ${port}`);
  // The picture of the run is the session figure, drawn inline.
  await expect(handout.getByTestId('handout-figure').locator('svg text').first()).toHaveText(echo.title.en);

  // In Korean, the same run in Korean words.
  await page.keyboard.press('Escape');
  await expect(handout).toHaveCount(0);
  await lab.setLang('ko');
  await page.getByTestId('recordings-button').click();
  await page.getByTestId('handout-button').click();
  await expect(handout.getByRole('heading', { level: 1 })).toHaveText(echo.title.ko);
  await expect(steps.first()).toContainText('1단계');
  await expect(steps.first().getByTestId('handout-answer')).toHaveText(`= ${serverFd}`);

  // Printed: the handout alone, on pages of its own.
  await page.evaluate(() => document.fonts.ready);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('lab')).toBeHidden();
  await expect(page.getByRole('button', { name: '인쇄 또는 PDF로 저장' })).toBeHidden();
  if (shots !== undefined) {
    await mkdir(shots, { recursive: true });
    await page.screenshot({ path: resolve(shots, 'handout-print-ko.png'), fullPage: true });
  }
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  await testInfo.attach('handout-ko.pdf', { body: pdf, contentType: 'application/pdf' });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // The two programs, the steps and the picture each start a page.
  expect(pageCount(pdf)).toBeGreaterThanOrEqual(4);
  if (shots !== undefined) await writeFile(resolve(shots, 'handout-ko.pdf'), pdf);
});

test("a replay's handout gives the recording's answers, from its banner", async ({ page }) => {
  const recording = parseRecording(await readFile(resolve(fixtures, 'echo.ndjson'), 'utf8'));
  const exits = recording.events.flatMap((e) => (e.type === 'syscall.exit' ? [e] : []));
  const replay = await startReplay('echo');
  try {
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(`${replay.url}#step=13&lang=en`);
    await expect(page.getByTestId('lab')).toHaveAttribute('data-shown-step', '13');
    await page.getByTestId('replay-banner').getByTestId('handout-button').click();
    const handout = page.getByTestId('handout');
    await expect(handout.getByTestId('handout-origin')).toContainText('recordings/echo.ndjson');
    const listen = exits.find((e) => e.syscall === 'listen');
    const socket = exits.find((e) => e.syscall === 'socket');
    await expect(handout.getByTestId('handout-step').first().getByTestId('handout-answer')).toHaveText(
      `= ${socket?.ret}`,
    );
    await expect(handout.getByTestId('handout-step').nth(2).getByTestId('handout-answer')).toHaveText(
      `= ${listen?.ret}`,
    );
    if (shots !== undefined) await page.screenshot({ path: resolve(shots, 'handout-screen-768.png') });
  } finally {
    await replay.stop();
  }
});
