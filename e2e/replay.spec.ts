import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Page } from '@playwright/test';
import { echo } from '@socklab/lessons';
import { expect, test } from './fixtures.ts';

// Issue 9: a lesson run is recorded on the server, downloaded through the UI and replayed by the
// built app on a static host with no socklab server behind it: the replay shows what the live run showed.

const dist = resolve(import.meta.dirname, '../apps/web/dist');
const hostile = '<img src=x onerror=alert(1)>';
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.ndjson': 'application/x-ndjson',
};

/** A static file server on 127.0.0.1, port 0: the built app, plus `recordings/` from a folder of its own. */
async function staticHost(recordings: string): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const [root, rest] = path.startsWith('/recordings/')
      ? [recordings, path.slice('/recordings/'.length)]
      : [dist, path === '/' ? 'index.html' : path.slice(1)];
    const file = normalize(join(root, rest));
    try {
      if (!file.startsWith(root + sep) || !(await stat(file)).isFile()) throw new Error('not a file');
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/** What the lab shows of the sockets and the code: each socket card's fd and TCP state, each lane's current line. */
async function snapshot(page: Page) {
  const sockets = await page
    .getByTestId('socket-card')
    .evaluateAll((cards) => cards.map((c) => `${c.getAttribute('data-fd')}:${c.getAttribute('data-tcp')}`).sort());
  const lines: Record<string, string | null> = {};
  for (const actor of ['server', 'client']) {
    const current = page.getByTestId(`code-${actor}`).locator('[data-current]');
    lines[actor] = (await current.count()) === 0 ? null : await current.first().getAttribute('data-line');
  }
  return { sockets, lines };
}

/** Walks the view to step `shown` with Back from the end of the replay. */
async function backTo(page: Page, shown: number) {
  const root = page.getByTestId('lab');
  await page.getByTestId('last-button').click();
  for (let guard = 0; guard < 100; guard++) {
    if ((await root.getAttribute('data-shown-step')) === String(shown)) return;
    await page.getByTestId('back-button').click();
  }
  throw new Error(`never showed step ${shown}`);
}

let recordingPath = '';
let recordingName = '';
let liveStep3: Awaited<ReturnType<typeof snapshot>> | null = null;

test.describe
  .serial('issue 9: recording and replay', () => {
    test('REPLAY-2: a live run of echo, with a note, is downloaded from the UI as its recording', async ({
      lab,
      page,
    }) => {
      await lab.goto();
      await lab.pickLesson('echo');
      await lab.setPort(0);
      await lab.setLang('en');
      await lab.stepUntil(3);
      await lab.expectShown(3, true);
      liveStep3 = await snapshot(page);
      expect(liveStep3.sockets.length).toBeGreaterThan(0);

      // SECURITY.md test 17: the note is kept and shown as the characters typed.
      await page.getByTestId('note-input').fill(hostile);
      await page.getByTestId('note-add').click();
      await expect(page.getByTestId('marker-note')).toHaveText(hostile);
      await expect(page.getByTestId('markers').locator('img')).toHaveCount(0);
      await expect(page.getByTestId('marker-chapter')).toHaveCount(3);

      await lab.stepToEnd();
      await page.getByTestId('recordings-button').click();
      const link = page.getByTestId('download-run');
      recordingName = (await link.getAttribute('download')) ?? '';
      expect(recordingName).toMatch(/-echo-.*\.ndjson$/);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const dir = await mkdtemp(join(tmpdir(), 'socklab-replay-'));
      recordingPath = join(dir, recordingName);
      await download.saveAs(recordingPath);
      const text = await readFile(recordingPath, 'utf8');
      expect(text.split('\n')[0]).toContain('"lesson":"echo"');
      expect(text).toContain('"type":"marker"');
      // The server's list has it too.
      await expect(page.getByTestId('recording-entry').and(page.locator(`[data-name="${recordingName}"]`))).toHaveCount(
        1,
      );
    });

    test('REPLAY-1, SECURITY.md test 16/17: the built app on a static host replays it, from the picker, a drop and a link', async ({
      page,
    }) => {
      test.skip(recordingPath === '' || liveStep3 === null, 'the live run did not record');
      const recordings = await mkdtemp(join(tmpdir(), 'socklab-site-'));
      const text = await readFile(recordingPath, 'utf8');
      await writeFile(join(recordings, 'echo.ndjson'), text);
      const events = text.split('\n').filter((line) => line.startsWith('{"type"')).length;
      await writeFile(
        join(recordings, 'index.json'),
        JSON.stringify([{ name: 'echo.ndjson', lesson: 'echo', createdAt: new Date().toISOString(), events }]),
      );
      const { url, server } = await staticHost(recordings);
      try {
        await page.goto(url);
        await expect(page.getByTestId('replay-landing')).toBeVisible();
        await expect(page.getByTestId('replay-landing')).toContainText('No socklab server here: open a recording');
        await expect(page.getByTestId('recording-entry')).toHaveAttribute('data-name', 'echo.ndjson');

        // The picker.
        await page.getByTestId('recording-file').setInputFiles(recordingPath);
        const banner = page.getByTestId('replay-banner');
        await expect(banner).toContainText('Replay of a recording');
        await expect(banner).toContainText('Lesson echo');
        await expect(banner).toContainText(recordingName);
        // Downloaded while its run was still open: every event so far, and no end line yet.
        await expect(page.getByTestId('replay-cut')).toContainText(
          `loaded up to its last complete event (${events} events)`,
        );
        const root = page.getByTestId('lab');
        await expect(root).toHaveAttribute('data-shown-step', '0');
        await expect(page.getByTestId('marker-note')).toHaveText(hostile);
        await expect(page.getByTestId('markers').locator('img')).toHaveCount(0);
        await expect(page.getByTestId('marker-chapter')).toHaveCount(echo.steps.length);

        // Step walks the recording; nothing runs anywhere.
        await page.getByTestId('step-button').click();
        await expect(root).toHaveAttribute('data-shown-step', '1');
        await backTo(page, 3);
        expect(await snapshot(page)).toEqual(liveStep3);
        // The recorded run's network is gone: no command to join it is offered.
        await expect(page.getByTestId('nc-hint')).toHaveCount(0);
        await expect(page).toHaveURL(/#step=3&lang=en$/);
        // The session as a picture, from the same log: an SVG with the run's calls in it.
        const [figure] = await Promise.all([page.waitForEvent('download'), page.getByTestId('figure-svg').click()]);
        expect(figure.suggestedFilename()).toBe('socklab-echo.svg');
        const svg = await readFile(await figure.path(), 'utf8');
        expect(svg.startsWith('<svg')).toBe(true);
        for (const call of ['socket(', 'bind(', 'listen(', 'accept(', 'connect(']) expect(svg).toContain(call);

        // A synthetic drop of the same file, under another name.
        const dropped = await page.evaluateHandle((content) => {
          const data = new DataTransfer();
          data.items.add(new File([content], 'dropped.ndjson', { type: 'application/x-ndjson' }));
          return data;
        }, text);
        await page.dispatchEvent('body', 'dragenter', { dataTransfer: dropped });
        await page.dispatchEvent('body', 'drop', { dataTransfer: dropped });
        await expect(banner).toContainText('dropped.ndjson');
        await expect(root).toHaveAttribute('data-shown-step', '0');

        // A cut file loads up to its last complete event and says so.
        const cut = text.slice(0, text.indexOf('"type":"lesson.end"'));
        const kept = cut.split('\n').length - 2;
        await page
          .getByTestId('recording-file')
          .setInputFiles({ name: 'cut.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(cut) });
        await expect(page.getByTestId('replay-cut')).toHaveText(
          `The file was cut: loaded up to its last complete event (${kept} events).`,
        );
        // Another version loads nothing; what was shown stays.
        const v99 = text.replace('"version":1', '"version": 99');
        await page
          .getByTestId('recording-file')
          .setInputFiles({ name: 'v99.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(v99) });
        await expect(page.getByTestId('recording-problem')).toHaveText(
          'v99.ndjson cannot be replayed: it is recording version 99, and this socklab reads version 1. Nothing was loaded.',
        );
        await expect(banner).toContainText('cut.ndjson');
        const broken = text.replace('\n{"type":"lesson.step"', '\n{"type":"lesson.stop"');
        await page
          .getByTestId('recording-file')
          .setInputFiles({ name: 'broken.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(broken) });
        await expect(page.getByTestId('recording-problem')).toHaveAttribute('data-kind', 'line');
        await page.getByTestId('lang-toggle').locator('button[data-lang="ko"]').click();
        await expect(page.getByTestId('recording-problem')).toContainText('올바른 socklab 이벤트가 아닙니다');

        // A link to a step of a published recording.
        await page.goto(`${url}?recording=recordings/echo.ndjson#step=5&lang=ko`);
        await expect(root).toHaveAttribute('data-shown-step', '5');
        await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
        await expect(banner).toContainText('recordings/echo.ndjson');
        // Play walks the recording to its end, and stops there.
        await page.getByTestId('speed-select').selectOption('fast');
        await page.getByTestId('play-button').click();
        await expect(root).toHaveAttribute('data-shown-step', String(echo.steps.length), { timeout: 30_000 });
        await expect(root).toHaveAttribute('data-live', 'true');
        await expect(page.getByTestId('play-button')).toHaveAttribute('data-playing', 'false');
        // A link to a file that is not there says so.
        await page.goto(`${url}?recording=recordings/missing.ndjson`);
        await expect(page.getByTestId('recording-problem')).toHaveAttribute('data-kind', 'fetch');
        await expect(page.getByTestId('replay-landing')).toBeVisible();
      } finally {
        await new Promise((done) => server.close(done));
      }
    });

    test('REPLAY-3: a live link lands on its step by running the lesson, and a reload keeps lesson, step and language', async ({
      app,
      page,
    }) => {
      const root = page.getByTestId('lab');
      await page.goto(`${app.url}#lesson=echo&step=3&lang=ko`);
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');
      await expect(root).toHaveAttribute('data-lesson', 'echo');
      await expect(root).toHaveAttribute('data-shown-step', '3');
      await expect(root).toHaveAttribute('data-busy', 'false');
      await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
      await expect(page).toHaveURL(/#lesson=echo&step=3&lang=ko$/);
      await page.reload();
      await expect(root).toHaveAttribute('data-lesson', 'echo');
      await expect(root).toHaveAttribute('data-shown-step', '3');
      await expect(root).toHaveAttribute('data-live', 'true');
      await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
      await expect(page.getByTestId('step-dot').and(page.locator('[data-state="ran"]'))).toHaveCount(2);
      // An invalid link falls back to defaults: the first lesson, before step 1.
      await page.goto('about:blank');
      await page.goto(`${app.url.split('?')[0]}#lesson=nope&step=-4&lang=xx`);
      await expect(root).toHaveAttribute('data-lesson', 'hello');
      await expect(root).toHaveAttribute('data-next', '0');
      await expect(root).toHaveAttribute('data-shown-step', '0');
      await expect(page).toHaveURL(/#lesson=hello&step=0&lang=(en|ko)$/);
    });
  });
