import { createContext, type ReactNode, useContext } from 'react';

/** Who this page is: the teacher (control, on 127.0.0.1) or a class viewer (read-only, on the class address). */
export type Role = 'control' | 'viewer';

const RoleContext = createContext<Role>('control');

/** Gives the page its role, from how it connected (a join URL's `?view=` token makes a viewer). */
export function RoleProvider({ role, children }: { role: Role; children: ReactNode }) {
  return <RoleContext.Provider value={role}>{children}</RoleContext.Provider>;
}

/** Whether this page follows the teacher read-only: no Step, Play, Reset, lesson picker or playground call. */
export function useIsViewer(): boolean {
  return useContext(RoleContext) === 'viewer';
}
