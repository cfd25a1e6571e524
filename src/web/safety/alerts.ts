// Shapes of the alerts API (src/server/modules/safety/alerts.routes.ts) and their French names.
import { tMaybe } from '../i18n/fr.ts';

export type AlertState = 'new' | 'seen' | 'handled';
export const ALERT_STATES: readonly AlertState[] = ['new', 'seen', 'handled'];

/** GET /api/alerts */
export interface AlertSummary {
  id: string;
  categories: string[];
  source: string;
  state: AlertState;
  createdAt: number;
  updatedAt: number;
  pupilName: string;
  className: string | null;
}

/** GET /api/alerts/:id (opening it is audited and marks it seen). */
export interface AlertDetail {
  id: string;
  categories: string[];
  source: string;
  state: AlertState;
  excerpt: string;
  note: string | null;
  createdAt: number;
}

export const alertPaths = {
  list: () => '/api/alerts',
  one: (id: string) => `/api/alerts/${encodeURIComponent(id)}`,
};

/** French name of a moderation category; a code the catalogue lacks is shown as it is. */
export function categoryLabel(category: string): string {
  return tMaybe(`alerts.category.${category}`) ?? category;
}

export function sourceLabel(source: string): string {
  return tMaybe(`alerts.source.${source}`) ?? source;
}

export function stateLabel(state: string): string {
  return tMaybe(`alerts.state.${state}`) ?? state;
}

/** New first, then seen, then handled; newest first within each. */
export function sortAlerts(alerts: readonly AlertSummary[]): AlertSummary[] {
  const rank = (state: AlertState) => ALERT_STATES.indexOf(state);
  return [...alerts].sort((a, b) => rank(a.state) - rank(b.state) || b.createdAt - a.createdAt);
}
