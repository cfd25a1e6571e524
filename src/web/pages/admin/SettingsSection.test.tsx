// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MeResponse } from '../../../shared/api.ts';
import { SessionContext } from '../../session.ts';
import type { SettingView } from '../../tutoring/api.ts';
import { SettingsSection } from './SettingsSection.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const SCHOOL = '0b5e1f7a-0000-4000-8000-000000000001';
const admin: MeResponse = {
  id: 'u1',
  login: 'proviseur',
  displayName: 'Mme Proviseure',
  role: 'school-admin',
  school: { id: SCHOOL, uai: '0691234A', name: 'Lycée Ampère' },
  classes: [],
};

let settings: SettingView[];
let puts: { url: string; body: unknown }[];
let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  settings = [
    { key: 'free-questions', value: 'aucun', isDefault: true, description: 'Niveaux autorisés à poser des questions hors devoir (révisions libres)' },
    { key: 'quota-day', value: '40', isDefault: true, description: 'Messages par élève et par jour' },
    { key: 'holidays', value: '', isDefault: false, description: 'Vacances scolaires (tuteur fermé)' },
  ];
  puts = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      if (url === `/api/schools/${SCHOOL}/settings` && (init.method ?? 'GET') === 'GET') return Response.json(settings);
      if (init.method === 'PUT') {
        const body = JSON.parse(init.body as string) as { value: string };
        puts.push({ url, body });
        if (body.value === '0') {
          return Response.json({ code: 'invalid_setting', message: 'Valeur invalide pour « quota-day » : nombre entier entre 1 et 10000 attendu.' }, { status: 400 });
        }
        const key = decodeURIComponent(url.split('/').at(-1)!);
        return Response.json({ ...settings.find((s) => s.key === key)!, value: body.value.trim(), isDefault: false });
      }
      return Response.json({ code: 'not_found', message: 'Introuvable' }, { status: 404 });
    }),
  );
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.unstubAllGlobals();
});

const row = (key: string) => container.querySelector<HTMLElement>(`[data-testid="setting-row"][data-key="${key}"]`)!;
const inRow = (key: string, id: string) => row(key).querySelector<HTMLElement>(`[data-testid="${id}"]`);

async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 4; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  });
}

async function render(): Promise<void> {
  await act(async () =>
    root.render(
      <SessionContext.Provider value={{ me: admin, logout: async () => undefined }}>
        <SettingsSection schools={[]} />
      </SessionContext.Provider>,
    ),
  );
  await settle();
}

function type(key: string, value: string): void {
  const input = inRow(key, 'setting-input') as HTMLInputElement;
  act(() => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('school settings', () => {
  it('shows each setting of the admin’s school with its description, value and default marker', async () => {
    await render();
    expect([...container.querySelectorAll<HTMLElement>('[data-testid="setting-row"]')].map((r) => r.dataset.key)).toEqual(['free-questions', 'quota-day', 'holidays']);
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
    type('quota-day', '0');
    await act(async () => inRow('quota-day', 'setting-save')!.click());
    await settle();
    expect(puts).toEqual([{ url: `/api/schools/${SCHOOL}/settings/quota-day`, body: { value: '0' } }]);
    const input = inRow('quota-day', 'setting-input') as HTMLInputElement;
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(row('quota-day').querySelector('.field-error')?.textContent).toBe('Valeur invalide pour « quota-day » : nombre entier entre 1 et 10000 attendu.');
    expect(input.value).toBe('0');
    expect(inRow('quota-day', 'setting-value')?.textContent).toBe('40');
  });

  it('saves a value and shows it as the school’s own', async () => {
    await render();
    type('free-questions', '2nde,1re');
    await act(async () => inRow('free-questions', 'setting-save')!.click());
    await settle();
    expect(puts).toEqual([{ url: `/api/schools/${SCHOOL}/settings/free-questions`, body: { value: '2nde,1re' } }]);
    expect(inRow('free-questions', 'setting-value')?.textContent).toBe('2nde,1re');
    expect(inRow('free-questions', 'setting-default')).toBeNull();
    expect(inRow('free-questions', 'setting-custom')).not.toBeNull();
    expect(inRow('free-questions', 'setting-saved')?.textContent).toBe('Enregistré.');
  });
});
