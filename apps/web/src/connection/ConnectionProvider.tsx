import type { Command } from '@socklab/protocol';
import { useActorRef, useSelector } from '@xstate/react';
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { ActorRefFrom } from 'xstate';
import { createFrameBatch, type FrameBatch } from '../store/frameBatch.ts';
import type { LabStore } from '../store/labStore.ts';
import {
  type ConnectionContext,
  type ConnectionStatus,
  connectionMachine,
  connectionStatus,
} from './connectionMachine.ts';
import { webSocketActorTo } from './webSocketActor.ts';

type ConnectionRef = ActorRefFrom<typeof connectionMachine>;

const Context = createContext<{ ref: ConnectionRef; batch: FrameBatch } | null>(null);
const ReadOnly = createContext(false);

/** Runs the connection machine for `url`, delivering every event into `store` (once per frame); `readOnly` (a class viewer) sends nothing. */
export function ConnectionProvider({
  url,
  store,
  readOnly = false,
  children,
}: {
  url: string | null;
  store: LabStore;
  readOnly?: boolean;
  children: ReactNode;
}) {
  const batch = useMemo(() => createFrameBatch(store), [store]);
  const machine = useMemo(
    () =>
      connectionMachine.provide({
        // Events go from the socket to the batch directly, not through the machine (webSocketActor.ts).
        actors: { socket: webSocketActorTo((event) => batch.push(event)) },
        actions: {
          deliver: (_, { event }) => batch.push(event),
          sessionRenewed: () => {
            batch.flush();
            store.getState().clear();
          },
        },
      }),
    [store, batch],
  );
  const ref = useActorRef(machine, { input: { url } });
  const value = useMemo(() => ({ ref, batch }), [ref, batch]);
  return (
    <Context.Provider value={value}>
      <ReadOnly.Provider value={readOnly}>{children}</ReadOnly.Provider>
    </Context.Provider>
  );
}

export type Connection = {
  status: ConnectionStatus;
  context: ConnectionContext;
  send: (command: Command) => void;
  retry: () => void;
};

/** The connection's status and a way to send commands. */
export function useConnection(): Connection {
  const provided = useContext(Context);
  if (provided === null) throw new Error('useConnection: no <ConnectionProvider> above this component');
  const { ref, batch } = provided;
  const readOnly = useContext(ReadOnly);
  const status = useSelector(ref, connectionStatus);
  const context = useSelector(ref, (s) => s.context);
  return useMemo(
    () => ({
      status,
      context,
      // A viewer never commands: the server would refuse it anyway (SOCKLAB_ERR_VIEWER).
      send: (command: Command) => {
        if (readOnly) return;
        // What arrived before the command is before it in the log too.
        batch.flush();
        // A step's or a call's answer is shown once it is whole (store/frameBatch.ts).
        if (command.type === 'lesson.step' || command.type === 'playground.call') batch.awaitAnswer();
        ref.send({ type: 'command.send', command });
      },
      retry: () => ref.send({ type: 'retry' }),
    }),
    [ref, batch, status, context, readOnly],
  );
}
