import { type Browser, chromium } from 'playwright-core';
import { chromiumArgs } from '../../playwright.config.ts';

/** Debian's Chromium (`CHROMIUM_PATH` to use another), headless, with the e2e tests' flags. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
