import { defineConfig } from '@playwright/test';
// The specs import @socklab/lessons, whose C programs are `./x.c?raw`: this process and every worker load them as text.
import './.config/rawText.mjs';

const rawText = '--import ./.config/rawText.mjs';
if (!(process.env.NODE_OPTIONS ?? '').includes(rawText)) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${rawText}`.trim();
}

// Browsers cannot be downloaded here: use Debian's chromium (STACK.md).
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  use: {
    headless: true,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
    // A trace of every test doubles the suite's time; run one test again with `--trace on` to see it (README).
    trace: 'off',
  },
});
