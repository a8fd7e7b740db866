import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
const css = readdirSync('apps/web/dist/assets').find((f) => /^fonts-.*\.css$/.test(f));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
for (const name of process.argv.slice(2)) {
  const svg = readFileSync(`/work/shots-exports/${name}.svg`, 'utf8').replace(/width="\d+" height="\d+"/, 'width="100%"');
  const html = `<!doctype html><link rel="stylesheet" href="file://${process.cwd()}/apps/web/dist/assets/${css}"><style>body{margin:0}svg{display:block;height:auto}</style><body>${svg}`;
  writeFileSync('/tmp/fig.html', html);
  await page.goto('file:///tmp/fig.html');
  await page.evaluate(() => document.fonts.ready);
  await page.locator('svg').screenshot({ path: `/work/shots-exports/${name}.png` });
}
await browser.close();
