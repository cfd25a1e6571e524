// What the main menu needs beyond the role: whether this person handles safety alerts (the school may
// designate teachers or its DPO) and how many are new. Found out by asking GET /api/alerts.
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { Role } from '../shared/roles.ts';
import { api } from './api/client.ts';
import { alertPaths, type AlertSummary } from './safety/alerts.ts';

export interface NavState {
  /** null: this person does not handle alerts (or it is not known yet). */
  alerts: { newCount: number } | null;
  /** Asks again, e.g. after an alert changed state. */
  refreshAlerts: () => void;
}

export const NavContext = createContext<NavState>({ alerts: null, refreshAlerts: () => undefined });

export const useNav = (): NavState => useContext(NavContext);

/** Roles the school may designate for alerts; pupils and the académie never handle them. */
const MAY_HANDLE_ALERTS: readonly Role[] = ['teacher', 'school-admin', 'dpo'];

export function useNavState(role: Role | null): NavState {
  const [alerts, setAlerts] = useState<NavState['alerts']>(null);
  const [version, setVersion] = useState(0);
  const refreshAlerts = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    if (!role || !MAY_HANDLE_ALERTS.includes(role)) {
      setAlerts(null);
      return;
    }
    const controller = new AbortController();
    api
      .get<AlertSummary[]>(alertPaths.list(), { signal: controller.signal })
      .then((list) => {
        if (!controller.signal.aborted) setAlerts({ newCount: list.filter((a) => a.state === 'new').length });
      })
      .catch(() => {
        // 403: not designated. Any other failure: no menu entry rather than a broken one.
        if (!controller.signal.aborted) setAlerts(null);
      });
    return () => controller.abort();
  }, [role, version]);

  return { alerts, refreshAlerts };
}
