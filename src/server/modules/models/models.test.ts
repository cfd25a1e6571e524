// The model catalogue through HTTP, on SQLite and PostgreSQL: the configured model described from its GGUF
// header, files registered from the models folder only, the académie's allowances, the school's choices, and
// the class's model reaching the engine, the pupil's AI notice and the GDPR register.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import type { MeResponse } from '../../../shared/api.ts';
import type { ModelCatalogue, ModelFile, ModelView, SchoolModels } from '../../../shared/models.ts';
import { asUser, createTestApp, loginAs, parseSse, seedSchool, seedUser, type SeededSchool, type TestApp } from '../../testing/test-app.ts';
import { createFakeProvider } from '../llm/fake.provider.ts';
import { GGUF_DEFAULT_ALIGNMENT } from '../llm/gguf-format.ts';
import type { GenerateRequest, LlmProvider } from '../llm/llm.types.ts';
import { entry, writeGguf } from '../llm/testing/gguf-writer.ts';
import { writeTinyLlamaGguf, type TinyLlamaInfo } from '../llm/testing/tiny-gguf.ts';
import type { ModelsConfig } from './models.service.ts';

let root: string;
let modelsDir: string;
let tiny: TinyLlamaInfo;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tuteur-models-'));
  modelsDir = join(root, 'modeles');
  await mkdir(join(modelsDir, 'lucie'), { recursive: true });
  tiny = await writeTinyLlamaGguf(join(modelsDir, 'tiny.gguf'), { name: 'Tiny Tuteur', contextLength: 2048 });
  // A header as published models carry it: licence, languages, publisher; one small tensor for the weights.
  await writeGguf(join(modelsDir, 'lucie', 'lucie-7b.Q4.gguf'), {
    alignment: GGUF_DEFAULT_ALIGNMENT,
    entries: [
      entry.string('general.architecture', 'llama'),
      entry.string('general.name', 'Lucie 7B Instruct'),
      entry.string('general.license', 'apache-2.0'),
      entry.strings('general.languages', ['fr', 'en']),
      entry.string('general.organization', 'OpenLLM-France'),
      entry.string('general.url', 'https://huggingface.co/OpenLLM-France/Lucie-7B'),
      entry.u32('llama.context_length', 32768),
      entry.u32('llama.block_count', 32),
      entry.u32('llama.embedding_length', 4096),
      entry.u32('llama.attention.head_count', 32),
      entry.u32('llama.attention.head_count_kv', 8),
    ],
    tensors: [{ name: 'token_embd.weight', dims: [8, 4], fill: (out) => out.fill(0.5) }],
  });
  // Outside the folder, and a link from inside the folder to it.
  await writeTinyLlamaGguf(join(root, 'dehors.gguf'));
  await symlink(join(root, 'dehors.gguf'), join(modelsDir, 'lien.gguf'));
  await writeFile(join(modelsDir, 'notes.txt'), 'pas un modèle');
});
afterAll(async () => rm(root, { recursive: true, force: true }));

/** A fake engine that remembers the model name each request asked for. */
function recordingProvider(): LlmProvider & { models: (string | undefined)[] } {
  const fake = createFakeProvider({ tokens: ['Bonne', ' question'] });
  const models: (string | undefined)[] = [];
  return {
    models,
    parallel: fake.parallel,
    status: () => fake.status(),
    close: () => fake.close(),
    generate: (request: GenerateRequest) => {
      models.push(request.model);
      return fake.generate(request);
    },
  };
}

describe.each(testDatabaseUrls())('model catalogue on $name', ({ createUrl }) => {
  let t: TestApp;
  let llm: ReturnType<typeof recordingProvider>;
  let a: SeededSchool;
  let b: SeededSchool;
  let cookies: Record<'academie' | 'adminA' | 'adminB' | 'teacher' | 'pupil', string>;

  // Moved by hand where a test looks at what is kept for a while (the class models, a pupil's first class).
  let now = Date.now();
  async function start(models: ModelsConfig): Promise<void> {
    llm = recordingProvider();
    now = Date.now();
    t = await createTestApp({ databaseUrl: await createUrl(), llm, models, clock: { now: () => now } });
    a = await seedSchool(t.services);
    b = await seedSchool(t.services);
    await seedUser(t.services, 'academie-admin', 'academie');
    await seedUser(t.services, 'school-admin', 'direction-a', a);
    await seedUser(t.services, 'school-admin', 'direction-b', b);
    await seedUser(t.services, 'teacher', 'prof-a', a);
    await seedUser(t.services, 'pupil', 'eleve-a', a);
    cookies = {
      academie: await loginAs(t.app, 'academie'),
      adminA: await loginAs(t.app, 'direction-a'),
      adminB: await loginAs(t.app, 'direction-b'),
      teacher: await loginAs(t.app, 'prof-a'),
      pupil: await loginAs(t.app, 'eleve-a'),
    };
  }
  afterEach(async () => t?.close());

  const call = (cookie: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: asUser(cookie), ...(payload === undefined ? {} : { payload }) });
  const catalogue = async (cookie: string) => (await call(cookie, 'GET', '/api/models')).json<ModelCatalogue>();
  const register = (payload: object) => call(cookies.academie, 'POST', '/api/models', payload);

  describe('with the embedded engine', () => {
    const embedded = (): ModelsConfig => ({ backend: 'llama-cpp', modelPath: join(modelsDir, 'tiny.gguf'), modelsDir });

    it('lists the configured model, described from its GGUF header, as the usable default', async () => {
      await start(embedded());
      const list = await catalogue(cookies.academie);
      expect(list.backend).toBe('llama-cpp');
      expect(list.constraint).toContain('un seul modèle');
      expect(list.models).toHaveLength(1);
      const model = list.models[0]!;
      expect(model).toMatchObject({
        name: 'Tiny Tuteur',
        kind: 'gguf',
        locator: 'tiny.gguf',
        architecture: 'llama',
        contextSize: 2048,
        parameters: tiny.parameterCount,
        quantisation: 'F32',
        fileBytes: tiny.bytes,
        isDefault: true,
        usable: true,
        allowedSchoolIds: [],
      });
      // The file and one conversation's key/value cache (2 layers × 2 KV heads × 16 × 2 × 2 bytes per token).
      expect(model.estimatedMemoryBytes).toBe(tiny.bytes + 2 * 2 * 2 * 16 * 2 * 2048);
    });

    it('registers a file of the models folder with licence, languages and origin read from its header', async () => {
      await start(embedded());
      const files = (await call(cookies.academie, 'GET', '/api/models/files')).json<ModelFile[]>();
      expect(files.map((f) => [f.file, f.registered])).toEqual([
        ['lucie/lucie-7b.Q4.gguf', false],
        ['tiny.gguf', true],
      ]);
      const created = await register({ kind: 'gguf', file: 'lucie/lucie-7b.Q4.gguf' });
      expect(created.statusCode).toBe(201);
      const lucie = created.json<ModelView>();
      expect(lucie).toMatchObject({
        name: 'Lucie 7B Instruct',
        licence: 'apache-2.0',
        languages: ['fr', 'en'],
        origin: 'OpenLLM-France — https://huggingface.co/OpenLLM-France/Lucie-7B',
        contextSize: 32768,
        parameters: 32,
        quantisation: 'F32',
        isDefault: false,
        usable: false,
      });
      // 32 layers × 8 KV heads × 128 × 2 (keys and values) × 2 bytes, for 4096 tokens.
      expect(lucie.estimatedMemoryBytes).toBe(lucie.fileBytes! + 32 * 8 * 128 * 2 * 2 * 4096);
      expect(lucie.unusableReason).toContain('TUTEUR_MODEL_PATH');
      expect((await register({ kind: 'gguf', file: 'lucie/lucie-7b.Q4.gguf' })).statusCode).toBe(409);

      // What the admin writes wins over the header, and can be edited afterwards.
      const edited = await call(cookies.academie, 'PATCH', `/api/models/${lucie.id}`, { name: 'Lucie 7B', licence: 'Apache 2.0', languages: ['fr'], quantisation: 'Q4_K_M' });
      expect(edited.statusCode).toBe(200);
      expect(edited.json<ModelView>()).toMatchObject({ name: 'Lucie 7B', licence: 'Apache 2.0', languages: ['fr'], quantisation: 'Q4_K_M', contextSize: 32768 });
      expect((await call(cookies.academie, 'PATCH', `/api/models/${lucie.id}`, { name: '' })).statusCode).toBe(400);
      expect((await call(cookies.academie, 'PATCH', `/api/models/${lucie.id}`, { locator: '/etc/passwd' })).statusCode).toBe(400);
    });

    it('refuses every path that leaves the models folder or is not a GGUF file', async () => {
      await start(embedded());
      const cases: [string, number, string][] = [
        ['../dehors.gguf', 400, 'model_path_outside'],
        ['lucie/../../dehors.gguf', 400, 'model_path_outside'],
        [join(root, 'dehors.gguf'), 400, 'model_path_outside'],
        ['lien.gguf', 400, 'model_path_outside'],
        ['lucie\\..\\..\\dehors.gguf', 400, 'model_path_outside'],
        ['notes.txt', 400, 'model_not_gguf'],
        ['absent.gguf', 404, 'model_file_missing'],
        ['tiny.gguf\0.txt', 400, 'model_path_outside'],
      ];
      for (const [file, status, code] of cases) {
        const response = await register({ kind: 'gguf', file });
        expect([file, response.statusCode, response.json<{ code: string }>().code]).toEqual([file, status, code]);
      }
      expect((await catalogue(cookies.academie)).models).toHaveLength(1);
    });

    it('estimates the memory of TUTEUR_LLM_PARALLEL conversations, as the engine allocates them', async () => {
      // 32 sequences of a 2048-token model: 2048 / 32 = 64 tokens each, raised to the engine's 256 minimum.
      await start({ ...embedded(), parallel: 32 });
      const model = (await catalogue(cookies.academie)).models[0]!;
      expect(model.memoryEstimate).toEqual({ sequences: 32, contextTokens: 256 });
      expect(model.estimatedMemoryBytes).toBe(tiny.bytes + 2 * 2 * 2 * 16 * 2 * 256 * 32);
      await t.close();
      await start({ ...embedded(), parallel: 4, contextSize: 8192 });
      const larger = (await catalogue(cookies.academie)).models[0]!;
      expect(larger.memoryEstimate).toEqual({ sequences: 4, contextTokens: 2048 });
      expect(larger.estimatedMemoryBytes).toBe(tiny.bytes + 2 * 2 * 2 * 16 * 2 * 2048 * 4);
    });

    it('shows a configured model outside the models folder by its file name to a school, its path to the académie', async () => {
      await start({ backend: 'llama-cpp', modelPath: join(root, 'dehors.gguf'), modelsDir });
      expect((await catalogue(cookies.academie)).models[0]?.locator).toBe(join(root, 'dehors.gguf'));
      const seenByA = await catalogue(cookies.adminA);
      expect(seenByA.models[0]?.locator).toBe('dehors.gguf');
      expect(JSON.stringify(seenByA)).not.toContain(root);
      const school = (await call(cookies.adminA, 'GET', `/api/schools/${a.schoolId}/models`)).json<SchoolModels>();
      expect(school.allowed[0]?.locator).toBe('dehors.gguf');
    });

    it('keeps every class on the one loaded model and says why another cannot be chosen', async () => {
      await start(embedded());
      const lucie = (await register({ kind: 'gguf', file: 'lucie/lucie-7b.Q4.gguf' })).json<ModelView>();
      expect((await call(cookies.academie, 'PUT', `/api/schools/${a.schoolId}/models/allowed`, { modelIds: [lucie.id] })).statusCode).toBe(200);
      const refused = await call(cookies.adminA, 'PUT', `/api/classes/${a.classId}/model`, { modelId: lucie.id });
      expect(refused.statusCode).toBe(400);
      expect(refused.json<{ code: string; message: string }>()).toMatchObject({ code: 'model_unusable' });
      expect((await t.services.models.modelForClass(a.classId))?.name).toBe('Tiny Tuteur');
    });
  });

  describe('with OpenAI-compatible servers', () => {
    const pool = (): ModelsConfig => ({ backend: 'openai-compatible', openAiModel: 'qwen2.5-7b-instruct', modelsDir });

    it('gives each school the models the académie allowed, and each class the model its school chose', async () => {
      await start(pool());
      const mistral = (await register({ kind: 'openai', modelName: 'mistral-small', name: 'Mistral Small', licence: 'Apache-2.0', origin: 'Mistral AI', languages: ['fr', 'en'] })).json<ModelView>();
      expect(mistral).toMatchObject({ usable: true, isDefault: false, locator: 'mistral-small' });
      const configured = (await catalogue(cookies.academie)).models.find((m) => m.isDefault)!;
      expect(configured).toMatchObject({ name: 'qwen2.5-7b-instruct', kind: 'openai' });

      // Nothing allowed yet: a school sees and may choose the default only.
      expect((await catalogue(cookies.adminA)).models.map((m) => m.id)).toEqual([configured.id]);
      expect((await call(cookies.adminA, 'PUT', `/api/classes/${a.classId}/model`, { modelId: mistral.id })).json<{ code: string }>().code).toBe('model_not_allowed');

      expect((await call(cookies.academie, 'PUT', `/api/schools/${a.schoolId}/models/allowed`, { modelIds: [mistral.id] })).statusCode).toBe(200);
      const seenByA = await catalogue(cookies.adminA);
      expect(seenByA.models.map((m) => m.name).sort()).toEqual(['Mistral Small', 'qwen2.5-7b-instruct']);
      // A school never learns which other schools may use a model.
      expect(seenByA.models.every((m) => m.allowedSchoolIds === undefined)).toBe(true);
      expect((await catalogue(cookies.adminB)).models.map((m) => m.name)).toEqual(['qwen2.5-7b-instruct']);
      expect((await catalogue(cookies.academie)).models.find((m) => m.id === mistral.id)?.allowedSchoolIds).toEqual([a.schoolId]);

      const chosen = await call(cookies.adminA, 'PUT', `/api/classes/${a.classId}/model`, { modelId: mistral.id });
      expect(chosen.statusCode).toBe(200);
      const school = chosen.json<SchoolModels>();
      expect(school.classes.find((c) => c.id === a.classId)).toMatchObject({ modelId: mistral.id, effectiveModelId: mistral.id });
      expect(await t.services.models.modelForClass(a.classId)).toMatchObject({ name: 'Mistral Small', requestModel: 'mistral-small' });
      // The school's DPO finds who changed the class's model, and to which (ids only).
      const logged = await t.database.db.selectFrom('audit_log').select(['school_id', 'target_id', 'details']).where('action', '=', 'settings.changed').execute();
      expect(logged).toContainEqual({ school_id: a.schoolId, target_id: a.classId, details: JSON.stringify({ classId: a.classId, key: 'model-class', modelId: mistral.id }) });

      // The class's model name reaches the engine with the pupil's message.
      const conversation = (await call(cookies.pupil, 'POST', '/api/conversations', { subject: 'mathematiques' })).json<{ id: string }>();
      const answer = await call(cookies.pupil, 'POST', `/api/conversations/${conversation.id}/messages`, { text: 'Comment factoriser x² − 1 ?' });
      expect(parseSse(answer.body).map((e) => e.event)).toContain('done');
      expect(llm.models).toEqual(['mistral-small']);

      // The pupil is told which model answers, and the school's register lists it with its licence.
      const me = (await call(cookies.pupil, 'GET', '/api/me')).json<MeResponse>();
      expect(me.tutorModel).toEqual({ name: 'Mistral Small', runsOn: 'exécuté sur un serveur de calcul du réseau de l’établissement ou de l’académie' });
      const registerDoc = await call(cookies.adminA, 'GET', `/api/gdpr/register?school=${a.schoolId}`);
      expect(registerDoc.statusCode).toBe(200);
      expect(registerDoc.body).toContain('Mistral Small (licence : Apache-2.0');
      expect(registerDoc.body).toContain('qwen2.5-7b-instruct');

      // Withdrawn by the académie: the class goes back to the default at once (this instance forgets its cache).
      await call(cookies.academie, 'PUT', `/api/schools/${a.schoolId}/models/allowed`, { modelIds: [] });
      expect(await t.services.models.modelForClass(a.classId)).toMatchObject({ name: 'qwen2.5-7b-instruct', requestModel: 'qwen2.5-7b-instruct' });
    });

    it('lets the académie remove a model nobody uses, never the configured one nor one a class uses', async () => {
      await start(pool());
      const mistral = (await register({ kind: 'openai', modelName: 'mistral-small', name: 'Mistral Small' })).json<ModelView>();
      const gemma = (await register({ kind: 'openai', modelName: 'gemma-2-9b', name: 'Gemma 2' })).json<ModelView>();
      const configured = (await catalogue(cookies.academie)).models.find((m) => m.isDefault)!;
      await call(cookies.academie, 'PUT', `/api/schools/${a.schoolId}/models/allowed`, { modelIds: [mistral.id, gemma.id] });
      expect((await call(cookies.adminA, 'PUT', `/api/classes/${a.classId}/model`, { modelId: mistral.id })).statusCode).toBe(200);

      const inUse = await call(cookies.academie, 'DELETE', `/api/models/${mistral.id}`);
      expect(inUse.statusCode).toBe(409);
      expect(inUse.json<{ code: string; message: string }>()).toEqual({
        code: 'model_in_use',
        message: '« Mistral Small » est utilisé par 1 classe : choisissez-leur un autre modèle avant de le retirer du catalogue.',
      });
      const isConfigured = await call(cookies.academie, 'DELETE', `/api/models/${configured.id}`);
      expect(isConfigured.json<{ code: string }>().code).toBe('model_configured');
      expect(isConfigured.statusCode).toBe(409);
      expect((await call(cookies.adminA, 'DELETE', `/api/models/${gemma.id}`)).statusCode).toBe(403);

      // Allowed but chosen by nobody: removed, with its allowances, and the change is in the audit log.
      expect((await call(cookies.academie, 'DELETE', `/api/models/${gemma.id}`)).statusCode).toBe(204);
      expect((await catalogue(cookies.academie)).models.map((m) => m.name).sort()).toEqual(['Mistral Small', 'qwen2.5-7b-instruct']);
      expect(await t.database.db.selectFrom('model_allowances').select('model_id').where('model_id', '=', gemma.id).execute()).toEqual([]);
      const logged = await t.database.db.selectFrom('audit_log').select('details').where('action', '=', 'settings.changed').execute();
      expect(logged.map((l) => l.details)).toContainEqual(JSON.stringify({ key: 'model-removed', modelId: gemma.id }));
      expect((await call(cookies.academie, 'DELETE', `/api/models/${gemma.id}`)).statusCode).toBe(404);

      // The school's default counts too; once no one uses it any more, it goes.
      await call(cookies.adminA, 'PUT', `/api/classes/${a.classId}/model`, { modelId: null });
      await call(cookies.adminA, 'PUT', `/api/schools/${a.schoolId}/model`, { modelId: mistral.id });
      expect((await call(cookies.academie, 'DELETE', `/api/models/${mistral.id}`)).json<{ message: string }>().message).toContain('utilisé par 1 établissement');
      await call(cookies.adminA, 'PUT', `/api/schools/${a.schoolId}/model`, { modelId: null });
      expect((await call(cookies.academie, 'DELETE', `/api/models/${mistral.id}`)).statusCode).toBe(204);
    });

    it('names, for a pupil in several classes, the model the chat uses: that of the first class by name', async () => {
      await start(pool());
      const mistral = (await register({ kind: 'openai', modelName: 'mistral-small', name: 'Mistral Small' })).json<ModelView>();
      await call(cookies.academie, 'PUT', `/api/schools/${a.schoolId}/models/allowed`, { modelIds: [mistral.id] });
      const first = await t.services.classes.create('cli', { schoolId: a.schoolId, name: '1re A', level: '1re' });
      // The accounts service keeps a pupil in one class; a directory sync (ENT groups) may add more.
      const pupilId = await seedUser(t.services, 'pupil', 'eleve-deux-classes', a);
      await t.database.db.insertInto('class_members').values({ class_id: first.id, user_id: pupilId }).execute();
      const pupil = await loginAs(t.app, 'eleve-deux-classes');
      const conversation = (await call(pupil, 'POST', '/api/conversations', { subject: 'mathematiques' })).json<{ id: string }>();
      const askAndName = async () => {
        await call(pupil, 'POST', `/api/conversations/${conversation.id}/messages`, { text: 'Bonjour' });
        return [llm.models.at(-1), (await call(pupil, 'GET', '/api/me')).json<MeResponse>().tutorModel?.name];
      };

      // "1re A" comes before "2nde B": its model is the pupil's, in the chat and in the notice alike.
      await call(cookies.adminA, 'PUT', `/api/classes/${first.id}/model`, { modelId: mistral.id });
      expect(await askAndName()).toEqual(['mistral-small', 'Mistral Small']);
      await call(cookies.adminA, 'PUT', `/api/classes/${first.id}/model`, { modelId: null });
      await call(cookies.adminA, 'PUT', `/api/classes/${a.classId}/model`, { modelId: mistral.id });
      expect(await askAndName()).toEqual(['qwen2.5-7b-instruct', 'qwen2.5-7b-instruct']);
    });

    it('keeps a pupil’s class for a few seconds only: a pupil moved to another class gets its model then', async () => {
      await start(pool());
      const mistral = (await register({ kind: 'openai', modelName: 'mistral-small', name: 'Mistral Small' })).json<ModelView>();
      await call(cookies.academie, 'PUT', `/api/schools/${a.schoolId}/models/allowed`, { modelIds: [mistral.id] });
      const other = await t.services.classes.create('cli', { schoolId: a.schoolId, name: '0 atelier', level: '2nde' });
      await call(cookies.adminA, 'PUT', `/api/classes/${other.id}/model`, { modelId: mistral.id });
      const pupilId = (await t.database.db.selectFrom('users').select('id').where('login', '=', 'eleve-a').executeTakeFirstOrThrow()).id;
      const conversation = (await call(cookies.pupil, 'POST', '/api/conversations', { subject: 'mathematiques' })).json<{ id: string }>();
      const ask = async () => {
        await call(cookies.pupil, 'POST', `/api/conversations/${conversation.id}/messages`, { text: 'Bonjour' });
        return llm.models.at(-1);
      };
      expect(await ask()).toBe('qwen2.5-7b-instruct');
      // A directory sync adds the pupil to a class whose name comes first: read again once the cache lapses.
      await t.database.db.insertInto('class_members').values({ class_id: other.id, user_id: pupilId }).execute();
      now += 1_000;
      expect(await ask()).toBe('qwen2.5-7b-instruct');
      now += 5_000;
      expect(await ask()).toBe('mistral-small');
    });

    it('applies the school’s default to classes without a choice of their own', async () => {
      await start(pool());
      const mistral = (await register({ kind: 'openai', modelName: 'mistral-small', name: 'Mistral Small' })).json<ModelView>();
      await call(cookies.academie, 'PUT', `/api/schools/${a.schoolId}/models/allowed`, { modelIds: [mistral.id] });
      expect((await call(cookies.adminA, 'PUT', `/api/schools/${a.schoolId}/model`, { modelId: mistral.id })).statusCode).toBe(200);
      expect((await t.services.models.modelForClass(a.classId))?.requestModel).toBe('mistral-small');
      expect((await call(cookies.adminA, 'PUT', `/api/schools/${a.schoolId}/model`, { modelId: null })).statusCode).toBe(200);
      expect((await t.services.models.modelForClass(a.classId))?.requestModel).toBe('qwen2.5-7b-instruct');
      // School B never got it.
      expect((await t.services.models.modelForClass(b.classId))?.requestModel).toBe('qwen2.5-7b-instruct');
    });

    it('keeps each school to its own classes and the catalogue to the académie', async () => {
      await start(pool());
      const mistral = (await register({ kind: 'openai', modelName: 'mistral-small', name: 'Mistral Small' })).json<ModelView>();
      const status = async (cookie: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) => (await call(cookie, method, url, payload)).statusCode;
      expect(await status(cookies.adminA, 'GET', `/api/schools/${a.schoolId}/models`)).toBe(200);
      expect(await status(cookies.adminA, 'GET', `/api/schools/${b.schoolId}/models`)).toBe(403);
      expect(await status(cookies.adminA, 'PUT', `/api/schools/${b.schoolId}/model`, { modelId: null })).toBe(403);
      expect(await status(cookies.adminA, 'PUT', `/api/classes/${b.classId}/model`, { modelId: null })).toBe(403);
      expect(await status(cookies.adminA, 'PUT', `/api/schools/${a.schoolId}/models/allowed`, { modelIds: [mistral.id] })).toBe(403);
      expect(await status(cookies.adminA, 'POST', '/api/models', { kind: 'openai', modelName: 'x', name: 'X' })).toBe(403);
      expect(await status(cookies.adminA, 'PATCH', `/api/models/${mistral.id}`, { name: 'Autre' })).toBe(403);
      expect(await status(cookies.adminA, 'GET', '/api/models/files')).toBe(403);
      for (const cookie of [cookies.teacher, cookies.pupil]) {
        expect(await status(cookie, 'GET', '/api/models')).toBe(403);
        expect(await status(cookie, 'PUT', `/api/classes/${a.classId}/model`, { modelId: null })).toBe(403);
      }
      expect(await status(cookies.academie, 'PUT', `/api/classes/${b.classId}/model`, { modelId: null })).toBe(200);
      expect(await status(cookies.academie, 'PUT', '/api/classes/00000000-0000-4000-8000-000000000000/model', { modelId: null })).toBe(404);
      expect(await status(cookies.academie, 'PUT', `/api/schools/${a.schoolId}/models/allowed`, { modelIds: ['00000000-0000-4000-8000-000000000000'] })).toBe(400);
    });
  });

  it('names no model when none is configured, and registers none without a models folder', async () => {
    await start({ backend: 'llama-cpp' });
    expect((await catalogue(cookies.academie)).models).toEqual([]);
    expect((await call(cookies.pupil, 'GET', '/api/me')).json<MeResponse>().tutorModel).toBeNull();
    expect((await register({ kind: 'gguf', file: 'tiny.gguf' })).json<{ code: string }>().code).toBe('no_models_dir');
  });
});
