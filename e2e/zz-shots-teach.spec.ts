import { expect, test } from './fixtures.ts';
import { PlaygroundPage } from './pages/PlaygroundPage.ts';

const sizes = [
  { name: '1440x900', width: 1440, height: 900, presenter: false },
  { name: '1280x720-presenter', width: 1280, height: 720, presenter: true },
  { name: '768x1024', width: 768, height: 1024, presenter: false },
];
test.describe.configure({ timeout: 600_000 });

test('shots', async ({ lab }) => {
  const { page } = lab;
  await lab.goto();
  await lab.pickLesson('hello');
  await lab.setPort(0);
  await page.getByTestId('predict-toggle').click();
  for (const pick of ['return', 'block']) {
    await page.getByTestId(`predict-choice-${pick}`).check();
    await page.getByTestId('predict-submit').click();
    await lab.step();
  }
  const shoot = async (what: string, prep: () => Promise<void>) => {
    for (const size of sizes) {
      await page.setViewportSize({ width: size.width, height: size.height });
      const presenter = (await lab.root.getAttribute('data-presenter')) === 'true';
      if (presenter !== size.presenter) await page.getByTestId('presenter-toggle').click();
      for (const lang of ['en', 'ko'] as const) {
        await lab.setLang(lang);
        for (const theme of ['light', 'dark'] as const) {
          const toggle = page.getByTestId('theme-toggle');
          if ((await toggle.getAttribute('data-theme')) !== theme) await toggle.click();
          await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
          await prep();
          await page.screenshot({ path: `/work/shots-teach/${what}-${size.name}-${lang}-${theme}.png` });
        }
      }
    }
  };
  await shoot('predict', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByTestId('predict').scrollIntoViewIfNeeded();
  });
  if ((await lab.root.getAttribute('data-presenter')) === 'true') await page.getByTestId('presenter-toggle').click();
  const pg = new PlaygroundPage(lab);
  await pg.open();
  const server = await pg.createSocket('server');
  await pg.call('server', 'bind', { socket: server, host: '127.0.0.1', port: 47123 });
  await pg.call('server', 'listen', { socket: server, backlog: 5 });
  await pg.submit('server', 'accept', { socket: server });
  await expect(page.getByTestId('pg-c-server')).toContainText('accept(server_socket');
  const client = await pg.createSocket('client');
  await pg.call('client', 'connect', { socket: client, host: '127.0.0.1', port: 47123 });
  await expect(page.getByTestId('pg-c-client')).toContainText('connect(sock');
  await shoot('playground-c', async () => {
    await page.getByTestId('pg-c-programs').scrollIntoViewIfNeeded();
  });
});
