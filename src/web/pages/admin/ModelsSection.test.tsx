// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelCatalogue, ModelFile, ModelView, SchoolModels } from '../../../shared/models.ts';
import { json, me, mount, noContent, on, type Route } from '../../testing/harness.tsx';
import { formatBytes, ModelsSection } from './ModelsSection.tsx';

const SCHOOL = '0b5e1f7a-0000-4000-8000-000000000001';
const CLASS = '0b5e1f7a-0000-4000-8000-0000000000c1';
const schools = [{ id: SCHOOL, uai: '0691234A', name: 'Lycée Ampère' }];

const tiny: ModelView = {
  id: 'm-tiny',
  name: 'Lucie 7B',
  kind: 'gguf',
  locator: 'lucie-7b.Q4_K_M.gguf',
  licence: 'Apache-2.0',
  origin: 'OpenLLM-France',
  languages: ['fr', 'en'],
  contextSize: 32768,
  parameters: 6_707_000_000,
  quantisation: 'Q4_K',
  architecture: 'llama',
  fileBytes: 4_000_000_000,
  estimatedMemoryBytes: 4_536_870_912,
  isDefault: true,
  usable: true,
  unusableReason: null,
  runsOn: 'exécuté sur le serveur de l’établissement',
  allowedSchoolIds: [],
};
const other: ModelView = {
  ...tiny,
  id: 'm-other',
  name: 'Mistral 7B',
  locator: 'mistral.gguf',
  licence: null,
  isDefault: false,
  usable: false,
  unusableReason: 'Le moteur intégré ne charge qu’un modèle à la fois : pour utiliser celui-ci, indiquez ce fichier dans TUTEUR_MODEL_PATH et redémarrez.',
};

const academie = me({ id: 'a', login: 'academie', displayName: 'Académie', role: 'academie-admin', school: null });
const direction = me({ id: 'd', login: 'direction', displayName: 'Direction', role: 'school-admin', school: { ...schools[0]! } });

let catalogue: ModelCatalogue;
let files: ModelFile[];
let schoolModels: SchoolModels;
let status: unknown;
let page: ReturnType<typeof mount>;

/** What the server answers to the académie's and the school's changes. */
const changes: Route = (call) => {
  if (call.method === 'GET') return undefined;
  const body = (call.body ?? {}) as Record<string, unknown>;
  if (call.method === 'DELETE') {
    if (call.url === '/api/models/m-used') return json({ code: 'model_in_use', message: '« Utilisé » est utilisé par 1 classe : choisissez-leur un autre modèle avant de le retirer du catalogue.' }, 409);
    return noContent();
  }
  if (call.url === '/api/models' && body.kind === 'gguf' && body.file === 'qwen/qwen2.5-3b.gguf') return json({ ...other, id: 'm-qwen', name: 'Qwen2.5 3B' }, 201);
  if (call.url.startsWith('/api/models/')) return json({ ...other, ...body });
  if (call.url.endsWith('/models/allowed')) return json(schoolModels);
  if (call.url === `/api/classes/${CLASS}/model`) return json({ code: 'model_not_allowed', message: 'Ce modèle n’est pas autorisé pour cet établissement par l’académie.' }, 400);
  return undefined;
};

beforeEach(() => {
  catalogue = { backend: 'llama-cpp', constraint: 'Le moteur intégré charge un seul modèle, celui de TUTEUR_MODEL_PATH.', models: [tiny, other] };
  files = [
    { file: 'lucie-7b.Q4_K_M.gguf', bytes: 4_000_000_000, registered: true },
    { file: 'qwen/qwen2.5-3b.gguf', bytes: 2_000_000_000, registered: false },
  ];
  schoolModels = { schoolId: SCHOOL, allowed: [tiny], schoolChoice: null, classes: [{ id: CLASS, name: '2nde B', level: '2nde', modelId: null, effectiveModelId: tiny.id }] };
  status = { model: { state: 'ready' }, database: 'sqlite' };
  page = mount();
  page.answer(
    on('GET', '/api/models', () => json(catalogue)),
    on('GET', '/api/models/files', () => json(files)),
    on('GET', `/api/schools/${SCHOOL}/models`, () => json(schoolModels)),
    on('GET', '/api/admin/status', () => json(status)),
    changes,
  );
});

afterEach(() => page.unmount());

const render = (session: typeof academie) => page.render(<ModelsSection schools={schools} />, session);

describe('ModelsSection', () => {
  it('shows every model with its licence, origin, languages, context, size, memory and why one cannot answer', async () => {
    await render(academie);
    expect(page.one('models-constraint').textContent).toContain('un seul modèle');
    const [first, second] = page.all('model-card');
    const text = first!.textContent;
    for (const expected of ['Lucie 7B', 'Modèle configuré', 'Utilisable', 'lucie-7b.Q4_K_M.gguf', 'Apache-2.0', 'OpenLLM-France', 'fr, en', '32\u202f768 jetons', '6,7 milliards', 'Q4_K', `≈ ${formatBytes(4_536_870_912)}`, 'exécuté sur le serveur de l’établissement']) {
      expect(text).toContain(expected);
    }
    expect(second!.textContent).toContain('Non utilisable ici');
    expect(second!.querySelector('[data-testid="model-unusable-reason"]')!.textContent).toContain('TUTEUR_MODEL_PATH');
    expect(second!.textContent).toContain('non renseigné');
  });

  it('lets the académie add a file of the models folder, edit a model and allow it to a school', async () => {
    await render(academie);
    const select = page.one('models-file-select') as HTMLSelectElement;
    // Files already in the catalogue are not offered again.
    expect([...select.options].map((o) => o.value)).toEqual(['', 'qwen/qwen2.5-3b.gguf']);
    page.type(select, 'qwen/qwen2.5-3b.gguf');
    await page.click(page.one('models-file-submit'));
    expect(page.writes()[0]).toEqual({ method: 'POST', url: '/api/models', body: { kind: 'gguf', file: 'qwen/qwen2.5-3b.gguf' } });
    expect(page.one('models-feedback-success').textContent).toContain('Qwen2.5 3B');

    await page.click(page.all('model-edit')[1]!);
    page.type(page.one('model-edit-licence'), 'Apache-2.0');
    page.type(page.one('model-edit-languages'), 'fr, de');
    await page.click(page.one('model-edit-save'));
    expect(page.writes()[1]).toMatchObject({ method: 'PATCH', url: '/api/models/m-other', body: { name: 'Mistral 7B', licence: 'Apache-2.0', languages: ['fr', 'de'], contextSize: 32768 } });

    const box = page.container.querySelector<HTMLInputElement>(`[data-testid="models-allowed-row"][data-school="${SCHOOL}"] [data-model="m-other"]`)!;
    await page.click(box);
    await page.click(page.one('models-allowed-save'));
    expect(page.writes()[2]).toEqual({ method: 'PUT', url: `/api/schools/${SCHOOL}/models/allowed`, body: { modelIds: ['m-other'] } });
  });

  it('shows a school admin its classes’ models without the académie’s tools, and the server’s refusal', async () => {
    schoolModels = { ...schoolModels, allowed: [tiny, { ...other, usable: true, unusableReason: null }] };
    await render(direction);
    expect(page.all('models-add-file')).toHaveLength(0);
    expect(page.all('models-allowed')).toHaveLength(0);
    expect(page.all('model-edit')).toHaveLength(0);
    expect(page.one('models-class-effective').textContent).toBe('utilise : Lucie 7B');
    const select = page.one('models-class-select') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['Par défaut de l’établissement', 'Lucie 7B', 'Mistral 7B']);
    page.type(select, 'm-other');
    await page.settle();
    expect(page.writes()).toEqual([{ method: 'PUT', url: `/api/classes/${CLASS}/model`, body: { modelId: 'm-other' } }]);
    expect(page.one('models-feedback-error').textContent).toContain('n’est pas autorisé');
  });
});

describe('formatBytes', () => {
  it('uses powers of 1024 and French units', () => {
    expect(formatBytes(512)).toBe('512 o');
    expect(formatBytes(4 * 1024 ** 3)).toBe('4 Go');
    expect(formatBytes(1.5 * 1024 ** 2)).toBe('1,5 Mo');
  });
});

describe('ModelsSection: removing models and the inference servers', () => {
  it('says the memory counts TUTEUR_LLM_PARALLEL conversations', async () => {
    catalogue = { ...catalogue, models: [{ ...tiny, memoryEstimate: { sequences: 8, contextTokens: 512 } }] };
    await render(academie);
    expect(page.one('model-card').textContent).toContain(`≈ ${formatBytes(4_536_870_912)} (fichier + 8 conversations simultanées de 512 jetons, TUTEUR_LLM_PARALLEL)`);
  });

  it('lets the académie remove a model after confirming, shows the server’s refusal, and never offers to remove the configured one', async () => {
    catalogue = { ...catalogue, models: [tiny, other, { ...other, id: 'm-used', name: 'Utilisé' }] };
    await render(academie);
    const cards = page.all('model-card');
    expect(cards[0]!.querySelector('[data-testid="model-remove"]')).toBeNull();
    await page.click(cards[1]!.querySelector<HTMLElement>('[data-testid="model-remove"]')!);
    expect(page.writes()).toEqual([]); // nothing before the confirmation
    await page.click(cards[1]!.querySelector<HTMLElement>('[data-testid="model-remove-confirm"]')!);
    expect(page.writes()).toEqual([{ method: 'DELETE', url: '/api/models/m-other' }]);
    expect(cards[1]!.textContent).toContain('Modèle « Mistral 7B » retiré du catalogue.');

    await page.click(page.all('model-card')[2]!.querySelector<HTMLElement>('[data-testid="model-remove"]')!);
    await page.click(page.all('model-card')[2]!.querySelector<HTMLElement>('[data-testid="model-remove-confirm"]')!);
    expect(page.all('model-card')[2]!.querySelector('[data-testid="models-feedback-error"]')!.textContent).toContain('est utilisé par 1 classe');
  });

  it('does not show a school admin the remove button', async () => {
    await render(direction);
    expect(page.all('model-remove')).toHaveLength(0);
  });

  it('shows which server offers which model with OpenAI-compatible servers', async () => {
    const mistral: ModelView = { ...other, id: 'm-mistral', kind: 'openai', name: 'Mistral Small', locator: 'mistral-small', usable: true, unusableReason: null };
    const qwen: ModelView = { ...mistral, id: 'm-qwen', name: 'Qwen', locator: 'qwen2.5-7b-instruct' };
    const gemma: ModelView = { ...mistral, id: 'm-gemma', name: 'Gemma', locator: 'gemma-2' };
    catalogue = { backend: 'openai-compatible', constraint: null, models: [mistral, qwen, gemma] };
    status = {
      model: {
        state: 'ready',
        servers: {
          healthy: 2,
          total: 3,
          list: [
            { url: 'http://10.0.0.5:8080/v1', state: 'up', models: ['mistral-small:latest'] },
            { url: 'http://10.0.0.6:8080/v1', state: 'up', models: ['qwen2.5-7b-instruct', 'mistral-small'] },
            { url: 'http://10.0.0.7:8080/v1', state: 'down', models: ['gemma-2'] },
          ],
        },
      },
    };
    await render(academie);
    expect(page.all('models-server').map((li) => [li.dataset.state, li.textContent])).toEqual([
      ['up', 'http://10.0.0.5:8080/v1 — disponible : mistral-small:latest'],
      ['up', 'http://10.0.0.6:8080/v1 — disponible : qwen2.5-7b-instruct, mistral-small'],
      ['down', 'http://10.0.0.7:8080/v1 — ne répond pas : gemma-2'],
    ]);
    expect(page.all('models-served-by').map((row) => row.querySelector('dd')!.textContent)).toEqual([
      'http://10.0.0.5:8080/v1, http://10.0.0.6:8080/v1',
      'http://10.0.0.6:8080/v1',
      'aucun serveur disponible',
    ]);
  });
});
