// `npm run dev`: rebuild the web app on change and restart the server on change.
import { spawn } from 'node:child_process';

const children = [
  spawn('npx', ['vite', 'build', '--watch', '--mode', 'development'], { cwd: 'apps/web', stdio: 'inherit' }),
  spawn(
    'npx',
    ['tsx', 'watch', '--import', './.config/rawText.mjs', 'apps/server/src/cli.ts', 'serve', ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  ),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', stop);
