import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures.ts';
import { PlaygroundPage } from './pages/PlaygroundPage.ts';

test("issue 11 item 6: the playground's calls appear as C, and server.c downloads as shown", async ({ lab }) => {
  const { page } = lab;
  await lab.goto();
  const pg = new PlaygroundPage(lab);
  await pg.open();
  await expect(page.getByTestId('pg-c-programs')).toContainText('Make a call');
  const sock = await pg.createSocket('server');
  await pg.call('server', 'listen', { socket: sock, backlog: 7 });
  // accept() blocks (no client yet): the program has it already.
  await pg.submit('server', 'accept', { socket: sock });
  await expect(page.getByTestId('blocked-server')).toHaveAttribute('data-syscall', 'accept');
  const server = page.getByTestId('pg-c-server');
  await expect(server).toContainText('server_socket = socket(PF_INET, SOCK_STREAM, 0);');
  await expect(server).toContainText('ret = listen(server_socket, 7);');
  await expect(server).toContainText('client_socket = accept(server_socket, (struct sockaddr*)&peer, &addrlen);');
  await expect(server).toContainText('3 calls');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('pg-c-download-server').click(),
  ]);
  expect(download.suggestedFilename()).toBe('server.c');
  const saved = await readFile((await download.path()) ?? '', 'utf8');
  expect(saved).toBe(await server.locator('pre').textContent());
});
