import { createContext, createElement, type ReactNode, useContext, useMemo } from 'react';
import { useStore } from 'zustand';
import { headAt, type LabHead, type LabView, viewAt } from '../view/viewAt.ts';
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

/** The lab at the cursor, recomputed only when the log or the cursor changes. Call it once, at the top. */
export function useLabView(): LabView {
  const log = useLab((s) => s.log);
  const cursor = useLab((s) => s.cursor);
  return useMemo(() => viewAt(log, cursor), [log, cursor]);
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
