import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { startReplay } from './replayApp.ts';

/**
 * Where `element` is cut off: by its own hidden overflow (text ellipsed, a column past the edge), or by an
 * ancestor that hides its overflow without letting it scroll. Content a scroll container can show is not cut.
 */
async function clipping(element: Locator): Promise<string[]> {
  return element.evaluate((el) => {
    const cuts: string[] = [];
    const name = (e: Element) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`;
    const own = getComputedStyle(el);
    if (own.overflowX !== 'visible' && own.overflowX !== 'auto' && own.overflowX !== 'scroll') {
      if (el.scrollWidth > el.clientWidth + 1)
        cuts.push(`${name(el)} hides ${el.scrollWidth - el.clientWidth}px of itself`);
    }
    const box = el.getBoundingClientRect();
    for (let up = el.parentElement; up !== null; up = up.parentElement) {
      const style = getComputedStyle(up);
      const frame = up.getBoundingClientRect();
      const hides = (o: string) => o === 'hidden' || o === 'clip';
      if (hides(style.overflowX) && (box.left < frame.left - 1 || box.right > frame.right + 1))
        cuts.push(`${name(up)} cuts ${name(el)} sideways`);
      if (hides(style.overflowY) && (box.top < frame.top - 1 || box.bottom > frame.bottom + 1))
        cuts.push(`${name(up)} cuts ${name(el)} below or above`);
      if (style.overflowX === 'auto' || style.overflowX === 'scroll' || style.overflowY === 'auto') break;
    }
    return cuts;
  });
}

const sizes = [
  { width: 768, height: 1024 },
  { width: 853, height: 480 }, // 1280×720 at 150 % zoom
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
];

for (const size of sizes) {
  test(`nothing scrolls sideways or is cut off at ${size.width}×${size.height} (hello, en and ko)`, async ({ lab }) => {
    await lab.page.setViewportSize(size);
    await lab.goto();
    await lab.pickLesson('hello');
    await lab.setPort(0);
    // After the client read the greeting: every socket card, the client's STDOUT and the kernel's rows are there.
    await lab.stepToEnd();
    await expect(lab.stdout('client')).toContainText('Hello World!');
    for (const lang of ['en', 'ko'] as const) {
      await lab.setLang(lang);
      const scroll = await lab.page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      expect(scroll.scrollWidth, `${lang}: page width`).toBeLessThanOrEqual(scroll.innerWidth);

      const header = lab.page.locator('.lesson-summary');
      expect(await clipping(header), `${lang}: lesson description`).toEqual([]);
      expect(await clipping(lab.page.locator('.endpoint-chips')), `${lang}: chip bar`).toEqual([]);
      expect(await clipping(lab.stdout('client')), `${lang}: client STDOUT`).toEqual([]);

      await lab.showPanel('kernel');
      await expect(lab.kernelRows.first()).toBeVisible();
      expect(await clipping(lab.kernelPanel.locator('table')), `${lang}: kernel table`).toEqual([]);
      const heldBy = lab.kernelPanel.locator('thead th').last();
      expect(await clipping(heldBy), `${lang}: "held by" column`).toEqual([]);
      for (const row of await lab.kernelRows.all()) expect(await clipping(row), `${lang}: kernel row`).toEqual([]);
    }
  });
}

test('at 1440×900 the header keeps the connection badge on its row and the diagram labels are ≥ 9 px, not 7.5 (en and ko)', async ({
  lab,
}) => {
  await lab.page.setViewportSize({ width: 1440, height: 900 });
  await lab.goto();
  await lab.pickLesson('hello');
  await lab.setPort(0);
  await lab.stepUntil(6);
  for (const lang of ['en', 'ko'] as const) {
    await lab.setLang(lang);
    const row = await lab.page.evaluate(() => {
      const top = (selector: string) => document.querySelector(selector)?.getBoundingClientRect().top ?? Number.NaN;
      return { lang: top('.lang-toggle'), badge: top('.connection') };
    });
    expect(Math.abs(row.badge - row.lang), `${lang}: the badge is on the language switch's row`).toBeLessThan(12);
    const labelPx = await lab.stateDiagram
      .locator('.node text')
      .first()
      .evaluate((el) => {
        const scale = (el as SVGGraphicsElement).getScreenCTM()?.a ?? 0;
        return scale * Number.parseFloat(getComputedStyle(el).fontSize);
      });
    expect(labelPx, `${lang}: diagram label size`).toBeGreaterThanOrEqual(9);
  }
});

test('SPEC SCROLL-1: through language switches and resizes, the chapter strip keeps the shown chapter in its middle and the wire its newest packet in sight', async ({
  page,
}) => {
  const replay = await startReplay('hello');
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${replay.url}#step=6&lang=en`);
    await expect(page.getByTestId('lab')).toHaveAttribute('data-shown-step', '6');
    await page.getByTestId('tab-wire').click();
    await expect(page.getByTestId('wire-packet').first()).toBeVisible();
    const placement = () =>
      page.evaluate(() => {
        const strip = document.querySelector<HTMLElement>('[data-testid="markers"]');
        const chapter = strip?.querySelector<HTMLElement>('[aria-current="true"]');
        const wire = document.querySelector<HTMLElement>('.wire-scroll');
        if (!strip || !chapter || !wire) return 'missing';
        const end = strip.scrollWidth - strip.clientWidth;
        const off = chapter.offsetLeft + chapter.offsetWidth / 2 - strip.scrollLeft - strip.clientWidth / 2;
        // At either end of the strip the chapter cannot come to the middle: the strip is as far as it goes.
        const centred =
          Math.abs(off) <= 1 || (strip.scrollLeft <= 0 && off < 0) || (strip.scrollLeft >= end - 1 && off > 0);
        const wireAtEnd = wire.scrollHeight - wire.scrollTop - wire.clientHeight < 2;
        return `chapter ${centred ? 'centred' : `${Math.round(off)} px off`}, wire ${wireAtEnd ? 'at its end' : 'not at its end'}`;
      });
    const placed = 'chapter centred, wire at its end';
    await expect.poll(placement).toBe(placed);
    for (const [lang, width, height] of [
      ['ko', 1440, 900],
      ['ko', 1280, 720],
      ['en', 768, 1024],
      ['ko', 1024, 768],
    ] as const) {
      await page.getByTestId('lang-toggle').locator(`button[data-lang="${lang}"]`).click();
      await page.setViewportSize({ width, height });
      await expect.poll(placement, `${lang} at ${width}×${height}`).toBe(placed);
    }
  } finally {
    await replay.stop();
  }
});
