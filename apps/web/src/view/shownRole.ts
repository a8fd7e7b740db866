import type { Role } from '@socklab/protocol';

/** What a socket card calls a socket's role: its role, or `undecided` while nothing has decided it yet. */
export type ShownRole = Role | 'undecided';

/**
 * The role to show for a socket. A lesson names every socket's role in its C
 * program. A playground socket (no C variable) is followed as a client by the
 * server until its listen() succeeds, but until connect() or listen() it is
 * neither a client nor a listener, and calling it "client socket" would tell
 * the student something the program has not done.
 */
export function shownRole(socket: { role: Role; name: string | null; api: string }): ShownRole {
  const undecided =
    socket.name === null && socket.role === 'client' && (socket.api === 'created' || socket.api === 'bound');
  return undecided ? 'undecided' : socket.role;
}
