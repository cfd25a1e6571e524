// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertDetail, AlertSummary } from '../../safety/alerts.ts';
import { sortAlerts } from '../../safety/alerts.ts';
import { json, me, mount, noContent, on } from '../../testing/harness.tsx';
import { AlertPage } from './AlertPage.tsx';
import { AlertsPage } from './AlertsPage.tsx';

const cpe = me({ id: 'c1', login: 'cpe.durand', displayName: 'Mme Durand', role: 'teacher' });

const summary = (over: Partial<AlertSummary>): AlertSummary => ({
  id: 'a1',
  categories: ['self_harm'],
  source: 'input',
  state: 'new',
  createdAt: Date.UTC(2026, 10, 20, 9),
  updatedAt: Date.UTC(2026, 10, 20, 9),
  pupilName: 'Léa Martin',
  className: '2nde B',
  ...over,
});

const list = [
  summary({ id: 'old', state: 'handled', categories: ['harassment'], createdAt: Date.UTC(2026, 10, 1) }),
  summary({ id: 'seen', state: 'seen', categories: ['abuse', 'violence'], createdAt: Date.UTC(2026, 10, 21) }),
  summary({ id: 'a1' }),
  summary({ id: 'report', categories: ['report'], source: 'report', className: null, createdAt: Date.UTC(2026, 10, 19) }),
];

const detail: AlertDetail = {
  id: 'a1',
  categories: ['self_harm'],
  source: 'input',
  state: 'seen',
  excerpt: 'Élève : je veux plus vivre ![x](http://evil.example/x.png)',
  note: null,
  createdAt: Date.UTC(2026, 10, 20, 9),
};

let page: ReturnType<typeof mount>;
beforeEach(() => {
  page = mount();
});
afterEach(() => page.unmount());

describe('sortAlerts', () => {
  it('puts new alerts first, then seen, then handled, newest first within each', () => {
    expect(sortAlerts(list).map((a) => a.id)).toEqual(['a1', 'report', 'seen', 'old']);
  });
});

describe('AlertsPage', () => {
  it('lists the alerts to handle with their French category, pupil and class, never the text', async () => {
    page.answer(on('GET', '/api/alerts', () => json(list)));
    await page.render(<AlertsPage />, cpe);
    const items = page.all('alert-item');
    expect(items.map((item) => item.dataset.alertId)).toEqual(['a1', 'report', 'seen']);
    expect(items[0]!.textContent).toContain('Détresse / idées suicidaires');
    expect(items[0]!.textContent).toContain('Message de l’élève');
    expect(items[1]!.textContent).toContain('Signalement de l’élève');
    expect(items[1]!.textContent).toContain('sans classe');
    expect(items[2]!.textContent).toContain('Maltraitance / violences subies');
    expect(items[2]!.textContent).toContain('Violence');
    expect(items[0]!.querySelector('a')?.getAttribute('href')).toBe('/alertes/a1');
    expect(page.one('alerts-audited').textContent).toContain('journal d’audit');

    await page.click(page.one('alerts-show-handled'));
    expect(page.all('alert-item').map((item) => item.dataset.alertId)).toEqual(['a1', 'report', 'seen', 'old']);
  });

  it('says when there is nothing to handle', async () => {
    page.answer(on('GET', '/api/alerts', () => json([summary({ state: 'handled' })])));
    await page.render(<AlertsPage />, cpe);
    expect(page.one('alerts-empty').textContent).toBe('Aucune alerte à traiter.');
  });
});

describe('AlertPage', () => {
  it('shows the excerpt through the safe renderer, says the opening is audited, and saves state and note', async () => {
    page.answer(
      on('GET', '/api/alerts/a1', () => json(detail)),
      on('GET', '/api/alerts', () => json(list)),
      on('PATCH', '/api/alerts/a1', () => noContent()),
    );
    await page.render(<AlertPage alertId="a1" />, cpe);
    expect(page.one('alert-audited').textContent).toContain('inscrite au journal d’audit');
    const excerpt = page.one('alert-excerpt');
    expect(excerpt.textContent).toContain('je veux plus vivre');
    expect(excerpt.querySelector('img')).toBeNull();
    expect(page.one('alert-pupil').textContent).toBe('Léa Martin · 2nde B');
    expect((page.one('alert-state-seen') as HTMLInputElement).checked).toBe(true);

    await page.click(page.one('alert-state-handled'));
    page.type(page.one('alert-note'), '  Entretien fait.  ');
    await page.submit(page.one('alert-form'));
    expect(page.calls.filter((call) => call.method === 'PATCH')).toEqual([{ method: 'PATCH', url: '/api/alerts/a1', body: { state: 'handled', note: 'Entretien fait.' } }]);
    expect(page.one('alert-form-success').textContent).toBe('Suivi enregistré.');
  });

  it('tells another school’s staff calmly that the alert is not theirs', async () => {
    page.answer(
      on('GET', '/api/alerts/a1', () => json({ code: 'forbidden', message: 'Action non autorisée.' }, 403)),
      on('GET', '/api/alerts', () => json([])),
    );
    await page.render(<AlertPage alertId="a1" />, me({ role: 'school-admin' }));
    expect(page.one('alert-not-found').textContent).toContain('ne concerne pas votre établissement');
    expect(page.has('alert-excerpt')).toBe(false);
  });
});
