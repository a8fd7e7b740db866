// Before the browser tests: find a Chromium (CHROMIUM_PATH, else /usr/bin/chromium).
// Playwright cannot download browsers here, so on Debian/Ubuntu install the
// distribution's chromium when it is missing (as root, or with passwordless sudo).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const wanted = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(wanted)) process.exit(0);
if (process.env.CHROMIUM_PATH) {
  console.error(`e2e: CHROMIUM_PATH=${wanted} does not exist`);
  process.exit(1);
}
const root = process.getuid?.() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (!hasApt) {
  console.error('e2e: no Chromium at /usr/bin/chromium; install one and set CHROMIUM_PATH to it');
  process.exit(1);
}
const sudo = root ? [] : ['sudo', '-n'];
console.error("e2e: installing Debian's chromium (apt-get install -y chromium)…");
try {
  const run = (args) =>
    execFileSync(sudo[0] ?? args[0], [...sudo.slice(1), ...(sudo.length ? args : args.slice(1))], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', 'chromium']);
} catch {
  console.error('e2e: could not install chromium; run: sudo apt-get install -y chromium (or set CHROMIUM_PATH)');
  process.exit(1);
}
if (!existsSync(wanted)) {
  console.error('e2e: chromium installed but /usr/bin/chromium is missing; set CHROMIUM_PATH');
  process.exit(1);
}
