// The signed-in person, shared with every page through React context.
import { createContext, useContext } from 'react';
import type { MeResponse } from '../shared/api.ts';
import type { Role } from '../shared/roles.ts';

export interface Session {
  me: MeResponse;
  logout: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

/** The session of a page that is only shown to signed-in people. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() outside a signed-in page');
  return session;
}

export const ADMIN_ROLES: readonly Role[] = ['school-admin', 'academie-admin'];

export function isAdmin(role: Role): boolean {
  return ADMIN_ROLES.includes(role);
}
