/** One playground call as a test makes it: the call's `syscall.exit`, if it had one. */
export type PlaygroundCall = (
  actor: string,
  call: Record<string, unknown>,
) => Promise<{ created?: string | undefined; address?: { port: number } | null | undefined } | undefined>;

/**
 * Makes a connected pair in the playground through `call`: the server's
 * socket/bind/listen on a port the kernel chooses, the client's
 * socket/connect to it, the server's accept. Returns the three socket ids.
 */
export async function playgroundPair(
  call: PlaygroundCall,
): Promise<{ listener: string | undefined; client: string | undefined; connection: string | undefined }> {
  const listener = (await call('server', { syscall: 'socket' }))?.created;
  await call('server', { syscall: 'bind', socket: listener, host: '127.0.0.1', port: 0 });
  await call('server', { syscall: 'listen', socket: listener, backlog: 1 });
  const port = (await call('server', { syscall: 'getsockname', socket: listener }))?.address?.port;
  const client = (await call('client', { syscall: 'socket' }))?.created;
  await call('client', { syscall: 'connect', socket: client, host: '127.0.0.1', port });
  const connection = (await call('server', { syscall: 'accept', socket: listener }))?.created;
  return { listener, client, connection };
}
