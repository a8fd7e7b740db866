import { createContext, type ReactNode, useContext } from 'react';

/** Who this page is: the teacher (control, on 127.0.0.1), a class viewer (read-only), or a student's own lab (both on the class address). */
export type Role = 'control' | 'viewer' | 'lab';

const RoleContext = createContext<{ role: Role; canOpenLab: boolean }>({ role: 'control', canOpenLab: false });

/**
 * Gives the page its role, from how it connected (a join URL's `?view=` token
 * makes a viewer; with a lab token it may open a lab of its own).
 */
export function RoleProvider({
  role,
  canOpenLab = false,
  children,
}: {
  role: Role;
  canOpenLab?: boolean;
  children: ReactNode;
}) {
  return <RoleContext.Provider value={{ role, canOpenLab }}>{children}</RoleContext.Provider>;
}

/** Whether this page follows the teacher read-only: no Step, Play, Reset, lesson picker or playground call. */
export function useIsViewer(): boolean {
  return useContext(RoleContext).role === 'viewer';
}

/** This page's role, and whether its join URL lets it open a lab of its own. */
export function useRole(): { role: Role; canOpenLab: boolean } {
  return useContext(RoleContext);
}
