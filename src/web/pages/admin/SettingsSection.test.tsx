// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, me, mount, on } from '../../testing/harness.tsx';
import type { SettingView } from '../../tutoring/api.ts';
import { SettingsSection } from './SettingsSection.tsx';

const SCHOOL = '0b5e1f7a-0000-4000-8000-000000000001';
const admin = me({ login: 'proviseur', displayName: 'Mme Proviseure', role: 'school-admin', school: { id: SCHOOL, uai: '0691234A', name: 'Lycée Ampère' } });

let settings: SettingView[];
let page: ReturnType<typeof mount>;

beforeEach(() => {
  settings = [
    { key: 'free-questions', value: 'aucun', isDefault: true, description: 'Niveaux autorisés à poser des questions hors devoir (révisions libres)' },
    { key: 'quota-day', value: '40', isDefault: true, description: 'Messages par élève et par jour' },
    { key: 'holidays', value: '', isDefault: false, description: 'Vacances scolaires (tuteur fermé)' },
  ];
  page = mount();
  page.answer(on('GET', `/api/schools/${SCHOOL}/settings`, () => json(settings)), (call) => {
    if (call.method !== 'PUT') return undefined;
    const body = call.body as { value: string };
    if (body.value === '0') return json({ code: 'invalid_setting', message: 'Valeur invalide pour « quota-day » : nombre entier entre 1 et 10000 attendu.' }, 400);
    const key = decodeURIComponent(call.url.split('/').at(-1)!);
    return json({ ...settings.find((s) => s.key === key)!, value: body.value.trim(), isDefault: false });
  });
});

afterEach(() => page.unmount());

const row = (key: string) => page.container.querySelector<HTMLElement>(`[data-testid="setting-row"][data-key="${key}"]`)!;
const inRow = (key: string, id: string) => row(key).querySelector<HTMLElement>(`[data-testid="${id}"]`);
const render = () => page.render(<SettingsSection schools={[]} />, admin);

describe('school settings', () => {
  it('shows each setting of the admin’s school with its description, value and default marker', async () => {
    await render();
    expect(page.all('setting-row').map((r) => r.dataset.key)).toEqual(['free-questions', 'quota-day', 'holidays']);
    expect(row('free-questions').textContent).toContain('Niveaux autorisés à poser des questions hors devoir');
    expect(inRow('free-questions', 'setting-value')?.textContent).toBe('aucun');
    expect(inRow('free-questions', 'setting-default')).not.toBeNull();
    expect(inRow('holidays', 'setting-default')).toBeNull();
    expect(inRow('holidays', 'setting-value')?.textContent).toBe('(aucune)');
    // Nothing to save until the value changes.
    expect((inRow('quota-day', 'setting-save') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the server’s French error next to the field and keeps the typed value', async () => {
    await render();
    page.type(inRow('quota-day', 'setting-input')!, '0');
    await page.click(inRow('quota-day', 'setting-save')!);
    expect(page.writes()).toEqual([{ method: 'PUT', url: `/api/schools/${SCHOOL}/settings/quota-day`, body: { value: '0' } }]);
    const input = inRow('quota-day', 'setting-input') as HTMLInputElement;
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(row('quota-day').querySelector('.field-error')?.textContent).toBe('Valeur invalide pour « quota-day » : nombre entier entre 1 et 10000 attendu.');
    expect(input.value).toBe('0');
    expect(inRow('quota-day', 'setting-value')?.textContent).toBe('40');
  });

  it('saves a value and shows it as the school’s own', async () => {
    await render();
    page.type(inRow('free-questions', 'setting-input')!, '2nde,1re');
    await page.click(inRow('free-questions', 'setting-save')!);
    expect(page.writes()).toEqual([{ method: 'PUT', url: `/api/schools/${SCHOOL}/settings/free-questions`, body: { value: '2nde,1re' } }]);
    expect(inRow('free-questions', 'setting-value')?.textContent).toBe('2nde,1re');
    expect(inRow('free-questions', 'setting-default')).toBeNull();
    expect(inRow('free-questions', 'setting-custom')).not.toBeNull();
    expect(inRow('free-questions', 'setting-saved')?.textContent).toBe('Enregistré.');
  });
});
