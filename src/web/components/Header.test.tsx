import { describe, expect, it } from 'vitest';
import { menuItems } from './Header.tsx';

const entries = (items: ReturnType<typeof menuItems>) => items.map((item) => [item.label, item.to, item.badge ?? null]);

describe('menuItems', () => {
  it('gives a pupil its homework and its data', () => {
    expect(entries(menuItems('pupil', { alerts: null }))).toEqual([
      ['Mes devoirs', '/', null],
      ['Mes données', '/mes-donnees', null],
    ]);
  });

  it('shows alerts only to staff the school designated, with the count of new ones', () => {
    expect(entries(menuItems('teacher', { alerts: null }))).toEqual([['Mes devoirs et mes classes', '/', null]]);
    expect(entries(menuItems('teacher', { alerts: { newCount: 3 } }))).toEqual([
      ['Mes devoirs et mes classes', '/', null],
      ['Alertes', '/alertes', '3'],
    ]);
    expect(entries(menuItems('dpo', { alerts: { newCount: 0 } }))).toEqual([
      ['RGPD', '/rgpd/registre', null],
      ['Alertes', '/alertes', null],
    ]);
  });

  it('gives the head of school the administration, the roster import, the alerts and GDPR', () => {
    expect(menuItems('school-admin', { alerts: { newCount: 0 } }).map((item) => item.to)).toEqual(['/admin', '/admin/import', '/alertes', '/rgpd/registre']);
    expect(menuItems('academie-admin', { alerts: null }).map((item) => item.to)).toEqual(['/admin', '/admin/import', '/rgpd/registre']);
  });
});
