import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { nextActor } from './callForm.ts';

/** Lessons (step through a lesson) or the playground (make any call yourself). */
export const Mode = { lessons: 'lessons', playground: 'playground' } as const;
export type Mode = (typeof Mode)[keyof typeof Mode];

/** The mode and the playground's actors: view preferences the event log cannot tell (an actor with no socket yet). */
export type ModeState = {
  mode: Mode;
  actors: readonly string[];
  setMode: (mode: Mode) => void;
  /** Adds the next actor (client2, client3…); false when there is no other one. */
  addActor: () => boolean;
  /** Back to the default two actors (a new playground). */
  resetActors: () => void;
};

const defaultActors = ['server', 'client'] as const;

/** Creates the mode store (one per page; tests make their own). */
export function createModeStore() {
  return createStore<ModeState>()((set, get) => ({
    mode: 'lessons',
    actors: defaultActors,
    setMode: (mode) => {
      if (!Object.hasOwn(Mode, mode)) throw new Error(`setMode: no mode "${String(mode)}"`);
      set({ mode });
    },
    addActor: () => {
      const actor = nextActor(get().actors);
      if (actor === null) return false;
      set((s) => ({ actors: [...s.actors, actor] }));
      return true;
    },
    resetActors: () => set({ actors: defaultActors }),
  }));
}

export const modeStore = createModeStore();

/** Selects from the mode store. */
export function useMode<T>(selector: (state: ModeState) => T): T {
  return useStore(modeStore, selector);
}
