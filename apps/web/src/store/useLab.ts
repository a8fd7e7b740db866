import { createContext, createElement, type ReactNode, useContext, useMemo } from 'react';
import { useStore } from 'zustand';
import { createCheckpoints, type ViewCheckpoints } from '../view/checkpoints.ts';
import { createMomentsReader, type Moments, type MomentsReader } from '../view/moments.ts';
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

/** The log and its length: the log grows in place, so its length is what changes. */
export function useLog(): { log: LabState['log']; length: number } {
  const log = useLab((s) => s.log);
  const length = useLab((s) => s.log.length);
  return { log, length };
}

// One set of checkpoints and one moments reader per store: they follow its log as it grows.
const checkpointsByStore = new WeakMap<LabStore, ViewCheckpoints>();
const momentsByStore = new WeakMap<LabStore, MomentsReader>();
function perStore<T>(map: WeakMap<LabStore, T>, store: LabStore, make: () => T): T {
  let value = map.get(store);
  if (value === undefined) {
    value = make();
    map.set(store, value);
  }
  return value;
}

/**
 * The lab at the cursor, recomputed only when the log or the cursor changes,
 * from the store's checkpoints (never folded from the first event). Call it once, at the top.
 */
export function useLabView(): LabView {
  const store = useLabStore();
  const { log } = useLog();
  const cursor = useLab((s) => s.cursor);
  const checkpoints = perStore(checkpointsByStore, store, createCheckpoints);
  return useMemo(() => checkpoints.viewAt(log, cursor), [checkpoints, log, cursor]);
}

/** The latest lesson's moments (steps, readiness, marks), recomputed when the log grows. */
export function useMoments(): Moments {
  const store = useLabStore();
  const { log, length } = useLog();
  const moments = perStore(momentsByStore, store, createMomentsReader);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the log grows in place; its length is what changes
  return useMemo(() => moments(log), [moments, log, length]);
}

/**
 * The head of the log, for the controls: `view` itself while it is at the head
 * (live), else the cheap `headAt` of the whole log.
 */
export function useLabHead(view: LabView): LabHead {
  const { log, length } = useLog();
  const cursor = useLab((s) => s.cursor);
  const atHead = cursor === length;
  return useMemo(() => (atHead ? view : headAt(log, length)), [atHead, view, log, length]);
}
