import { createContext, createElement, type ReactNode, useContext, useMemo } from 'react';
import { useStore } from 'zustand';
import { createCheckpoints, type ViewCheckpoints } from '../view/checkpoints.ts';
import { type Moments, momentsOf } from '../view/moments.ts';
import { headAt, type LabHead, type LabView } from '../view/viewAt.ts';
import type { LabState, LabStore } from './labStore.ts';

const LabStoreContext = createContext<LabStore | null>(null);

/** Makes `store` the lab store of everything below. */
export function LabStoreProvider({ store, children }: { store: LabStore; children: ReactNode }) {
  return createElement(LabStoreContext.Provider, { value: store }, children);
}

/** The lab store itself, for actions and reads outside render. */
export function useLabStore(): LabStore {
  const store = useContext(LabStoreContext);
  if (store === null) throw new Error('useLabStore: no <LabStoreProvider> above this component');
  return store;
}

/** Selects from the lab store and re-renders when the selection changes. */
export function useLab<T>(selector: (state: LabState) => T): T {
  return useStore(useLabStore(), selector);
}

// One set of checkpoints per store: they follow its log as it grows.
const checkpointsByStore = new WeakMap<LabStore, ViewCheckpoints>();
function checkpointsOf(store: LabStore): ViewCheckpoints {
  let checkpoints = checkpointsByStore.get(store);
  if (checkpoints === undefined) {
    checkpoints = createCheckpoints();
    checkpointsByStore.set(store, checkpoints);
  }
  return checkpoints;
}

/**
 * The lab at the cursor, recomputed only when the log or the cursor changes,
 * from the store's checkpoints (never folded from the first event). Call it once, at the top.
 */
export function useLabView(): LabView {
  const store = useLabStore();
  const log = useLab((s) => s.log);
  const cursor = useLab((s) => s.cursor);
  const checkpoints = checkpointsOf(store);
  return useMemo(() => checkpoints.viewAt(log, cursor), [checkpoints, log, cursor]);
}

/** The latest lesson's moments (steps, readiness, marks), recomputed when the log grows. */
export function useMoments(): Moments {
  const log = useLab((s) => s.log);
  return useMemo(() => momentsOf(log), [log]);
}

/**
 * The head of the log, for the controls: `view` itself while it is at the head
 * (live), else the cheap `headAt` of the whole log.
 */
export function useLabHead(view: LabView): LabHead {
  const log = useLab((s) => s.log);
  const cursor = useLab((s) => s.cursor);
  const atHead = cursor === log.length;
  return useMemo(() => (atHead ? view : headAt(log, log.length)), [atHead, view, log]);
}
