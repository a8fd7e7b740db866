import { expect, type Locator, type Page } from '@playwright/test';

/** What the stage's motion layer did once: its plan's kinds, and what it really started. */
export type Played = { motion: string; kinds: string[]; animations: string[]; tokens: string[] };

declare global {
  interface Window {
    __motion?: Played[];
  }
}

/**
 * Watches the stage's motion layer (`data-testid="step-motion"`) from inside the page: each time
 * it shows a moment, the plan it announced and the animations (`step:*`) and tokens that really
 * started, read at once, so nothing depends on how long an animation runs.
 */
export class MotionProbe {
  readonly page: Page;
  readonly layer: Locator;

  constructor(page: Page) {
    this.page = page;
    this.layer = page.getByTestId('step-motion');
  }

  /** Starts watching (the layer must be on the page). */
  async install(): Promise<void> {
    await expect(this.layer).toBeAttached();
    await this.layer.evaluate((layer: HTMLElement) => {
      window.__motion = [];
      new MutationObserver(() => {
        const animations = document
          .getAnimations()
          .map((a) => String(a.id))
          .filter((id) => id.startsWith('step:'))
          .map((id) => id.slice('step:'.length));
        const tokens = [...layer.children].map((c) => c.textContent ?? '');
        window.__motion?.push({
          motion: layer.dataset.motion ?? '',
          kinds: (layer.dataset.kinds ?? '').split(' ').filter(Boolean),
          animations,
          tokens,
        });
      }).observe(layer, { attributes: true, attributeFilter: ['data-played', 'data-motion', 'data-kinds'] });
    });
  }

  /** Everything seen since `install` or the last `take` (once no plan waits for its frame), and forgets it. */
  async take(): Promise<Played[]> {
    await expect(this.layer).not.toHaveAttribute('data-pending', 'true');
    return this.page.evaluate(() => {
      const seen = window.__motion ?? [];
      window.__motion = [];
      return seen;
    });
  }

  /** The `step:*` animations running now. */
  async running(): Promise<string[]> {
    return this.page.evaluate(() =>
      document
        .getAnimations()
        .filter((a) => String(a.id).startsWith('step:') && a.playState !== 'finished')
        .map((a) => String(a.id)),
    );
  }
}
