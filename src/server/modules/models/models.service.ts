// The model catalogue: which language models this installation offers, which schools may use each one
// (the académie decides), which one a school or a class uses (the school decides among those), and the
// model a pupil's message goes to.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { ModelCatalogue, ModelFile, ModelView, RegisterModelInput, SchoolModels, TutorModel, UpdateModelInput } from '../../../shared/models.ts';
import type { Clock } from '../../clock.ts';
import type { ModelsTable } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/connection.ts';
import { HttpError, notFound } from '../../http/errors.ts';
import { authorize, type Caller } from '../../policies/authorize.ts';
import { GgufFormatError } from '../llm/gguf-reader.ts';
import { estimateMemory, readGgufMetadata, type GgufMetadata } from './gguf-metadata.ts';
import { displayPath, listModelFiles, resolveModelFile } from './models-dir.ts';
import type { ModelsRepo } from './models.repo.ts';

export interface ModelsConfig {
  backend: 'llama-cpp' | 'openai-compatible';
  /** TUTEUR_MODEL_PATH: the one file the embedded engine loads. */
  modelPath?: string;
  /** TUTEUR_LLM_MODEL: the name sent to the servers by default (none: the servers' first model). */
  openAiModel?: string;
  /** TUTEUR_MODELS_DIR: where GGUF files may be added from. */
  modelsDir?: string;
  /** TUTEUR_LLM_PARALLEL and TUTEUR_LLM_CONTEXT_SIZE: what the embedded engine allocates, for the memory estimate. */
  parallel?: number;
  contextSize?: number;
}

export interface ModelsServiceDeps {
  repo: ModelsRepo;
  config: ModelsConfig;
  clock: Clock;
  /** How long a class's model is kept before it is read again (other instances' changes show within it). */
  cacheMs?: number;
  /** Sequences the running embedded engine chose from free memory (TUTEUR_LLM_PARALLEL unset), for the memory estimate. */
  chosenParallel?: () => number | undefined;
  /** Records a change in the audit log (ids and codes only); schoolId null for the catalogue itself. */
  onChange?: (change: ModelChange) => Promise<void>;
}

export interface ModelChange {
  by: Caller;
  schoolId: string | null;
  key: 'model-catalogue' | 'model-allowed' | 'model-school' | 'model-class' | 'model-removed';
  modelId: string | null;
  classId?: string;
}

/** The model a class's messages go to. */
export interface ClassModel {
  id: string;
  name: string;
  /** Name to send to the OpenAI-compatible servers; undefined: the engine's own (embedded, or the servers' default). */
  requestModel: string | undefined;
  runsOn: string;
}

/** A model a school uses, as the GDPR documents list it. */
export interface ModelInUse {
  name: string;
  licence: string | null;
  runsOn: string;
  engine: string;
}

const RUNS_ON = {
  gguf: 'exécuté sur le serveur de l’établissement',
  openai: 'exécuté sur un serveur de calcul du réseau de l’établissement ou de l’académie',
} as const;

export const SINGLE_MODEL_CONSTRAINT =
  'Le moteur intégré charge un seul modèle, celui de TUTEUR_MODEL_PATH : toutes les classes l’utilisent. Charger plusieurs fichiers GGUF à la fois demanderait la mémoire de chacun (voir l’estimation de chaque modèle) ; pour changer de modèle, indiquez un autre fichier dans TUTEUR_MODEL_PATH et redémarrez, ou servez plusieurs modèles par des serveurs compatibles OpenAI.';

const seesServerPaths = (caller: Caller) => caller === 'cli' || caller.role === 'academie-admin';

/** The catalogue belongs to the installation, not to a school: its rules look at the role only. */
const INSTALLATION = { kind: 'school', id: '' } as const;
const SERVER_DEFAULT_NAME = 'Modèle proposé par le serveur';
const CACHE_MS = 5_000;
const CACHE_LIMIT = 10_000;

export function createModelsService(deps: ModelsServiceDeps) {
  const { repo, config, clock } = deps;
  const cacheMs = deps.cacheMs ?? CACHE_MS;
  const cache = new Map<string, { at: number; value: ClassModel | null }>();
  // A pupil's first class, read on every message otherwise (the hot path); a move between classes shows within cacheMs.
  const firstClasses = new Map<string, { at: number; value: string | undefined }>();

  async function firstClassOf(pupilId: string): Promise<string | undefined> {
    const now = clock.now();
    const hit = firstClasses.get(pupilId);
    if (hit && now - hit.at < cacheMs) return hit.value;
    const value = await repo.firstClassOfPupil(pupilId);
    if (firstClasses.size >= CACHE_LIMIT) firstClasses.clear();
    firstClasses.set(pupilId, { at: now, value });
    return value;
  }

  /** The catalogue row the configuration names, if any: kind and locator. */
  const configured: { kind: ModelsTable['kind']; locator: string } | null =
    config.backend === 'openai-compatible'
      ? { kind: 'openai', locator: config.openAiModel ?? '' }
      : config.modelPath !== undefined
        ? { kind: 'gguf', locator: config.modelPath }
        : null;

  const isDefault = (row: ModelsTable) => configured !== null && row.kind === configured.kind && row.locator === configured.locator;

  /** Why the installation cannot answer with this model now, or null. */
  function unusableReason(row: ModelsTable): string | null {
    if (config.backend === 'llama-cpp') {
      if (row.kind === 'openai') return 'Ce serveur utilise le moteur intégré (TUTEUR_LLM_BACKEND=llama-cpp) : les modèles des serveurs compatibles OpenAI ne sont pas utilisés.';
      if (!isDefault(row)) return 'Le moteur intégré ne charge qu’un modèle à la fois : pour utiliser celui-ci, indiquez ce fichier dans TUTEUR_MODEL_PATH et redémarrez.';
      return null;
    }
    if (row.kind === 'gguf') return 'Les réponses viennent des serveurs compatibles OpenAI : faites charger ce fichier par ces serveurs, puis inscrivez-le par son nom de modèle.';
    return null;
  }

  /**
   * A model as a caller sees it. Only the académie (and the CLI) see where a file outside the models folder
   * lies on the server; a school admin sees its file name.
   */
  function view(row: ModelsTable, caller: Caller, allowedSchoolIds?: string[]): ModelView {
    const reason = unusableReason(row);
    const memory = row.kind === 'gguf' ? estimateMemory(row.file_bytes, row.kv_bytes_per_token, row.context_size, { parallel: config.parallel, contextSize: config.contextSize, chosenParallel: deps.chosenParallel?.() }) : null;
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      locator: row.kind === 'gguf' ? displayPath(config.modelsDir, row.locator, seesServerPaths(caller)) : row.locator,
      licence: row.licence,
      origin: row.origin,
      languages: row.languages ? row.languages.split(',').filter(Boolean) : [],
      contextSize: row.context_size,
      parameters: row.parameters,
      quantisation: row.quantisation,
      architecture: row.architecture,
      fileBytes: row.file_bytes,
      estimatedMemoryBytes: memory?.bytes ?? null,
      ...(memory ? { memoryEstimate: { sequences: memory.sequences, contextTokens: memory.contextTokens } } : {}),
      isDefault: isDefault(row),
      usable: reason === null,
      unusableReason: reason,
      runsOn: RUNS_ON[row.kind],
      ...(allowedSchoolIds === undefined ? {} : { allowedSchoolIds }),
    };
  }

  const fromMetadata = (meta: GgufMetadata) => ({
    name: meta.name,
    licence: meta.licence,
    origin: meta.origin,
    languages: meta.languages.length > 0 ? meta.languages.join(',') : null,
    context_size: meta.contextSize,
    parameters: meta.parameters,
    quantisation: meta.quantisation,
    architecture: meta.architecture,
    file_bytes: meta.fileBytes,
    kv_bytes_per_token: meta.kvBytesPerToken,
  });

  const emptyRow = (kind: ModelsTable['kind'], locator: string, name: string, source: ModelsTable['source'], by: string | null): ModelsTable => {
    const now = clock.now();
    return {
      id: randomUUID(),
      name,
      kind,
      locator,
      licence: null,
      origin: null,
      languages: null,
      context_size: null,
      parameters: null,
      quantisation: null,
      architecture: null,
      file_bytes: null,
      kv_bytes_per_token: null,
      source,
      created_at: now,
      updated_at: now,
      updated_by: by,
    };
  };

  let syncing: Promise<void> | undefined;
  /**
   * Puts the configured model in the catalogue once (the header describes a GGUF file; what an admin edited
   * afterwards is kept). Retried on the next call when it failed.
   */
  function ensureConfigured(): Promise<void> {
    syncing ??= (async () => {
      if (configured === null || (await repo.findByLocator(configured.kind, configured.locator))) return;
      let row: ModelsTable;
      if (configured.kind === 'gguf') {
        row = emptyRow('gguf', configured.locator, basename(configured.locator).replace(/\.gguf$/i, ''), 'config', null);
        // An unreadable file still gets its line: the status section says why it does not load.
        const meta = await readGgufMetadata(configured.locator).catch(() => undefined);
        if (meta) row = { ...row, ...fromMetadata(meta) };
      } else {
        row = emptyRow('openai', configured.locator, configured.locator === '' ? SERVER_DEFAULT_NAME : configured.locator, 'config', null);
      }
      await repo.insertIfAbsent(row);
    })().catch((error: unknown) => {
      syncing = undefined;
      throw error;
    });
    return syncing;
  }

  async function rows(): Promise<ModelsTable[]> {
    await ensureConfigured();
    return repo.list();
  }

  async function loadModel(id: string): Promise<ModelsTable> {
    await ensureConfigured();
    const row = await repo.find(id);
    if (!row) throw notFound('Modèle introuvable.');
    return row;
  }

  /** Models a school may use: those the académie allowed, and the installation's default always. */
  async function allowedRows(schoolId: string): Promise<ModelsTable[]> {
    const allowed = new Set(await repo.allowedModelIds(schoolId));
    return (await rows()).filter((row) => isDefault(row) || allowed.has(row.id));
  }

  /** The first of the class's choice, the school's choice and the default that is allowed and usable. */
  function effective(allowed: readonly ModelsTable[], choices: readonly (string | null)[]): ModelsTable | null {
    const usable = allowed.filter((row) => unusableReason(row) === null);
    for (const id of choices) {
      const row = id === null ? undefined : usable.find((r) => r.id === id);
      if (row) return row;
    }
    return usable.find(isDefault) ?? null;
  }

  async function loadSchool(caller: Caller, schoolId: string, action: 'model:choose' | 'model:manage') {
    authorize(caller, action, { kind: 'school', id: schoolId });
    const school = await repo.findSchool(schoolId);
    if (!school) throw notFound('Établissement introuvable.');
    return school;
  }

  async function checkChoosable(schoolId: string, modelId: string): Promise<void> {
    const row = (await allowedRows(schoolId)).find((r) => r.id === modelId);
    if (!row) throw new HttpError(400, 'model_not_allowed', 'Ce modèle n’est pas autorisé pour cet établissement par l’académie.');
    const reason = unusableReason(row);
    if (reason !== null) throw new HttpError(400, 'model_unusable', `Ce modèle ne peut pas répondre sur ce serveur : ${reason}`);
  }

  /** Forgets the cached class models and records the change. */
  const changed = async (change: ModelChange) => {
    cache.clear();
    firstClasses.clear();
    await deps.onChange?.(change);
  };

  function descriptiveChanges(input: UpdateModelInput) {
    return {
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.licence === undefined ? {} : { licence: input.licence || null }),
      ...(input.origin === undefined ? {} : { origin: input.origin || null }),
      ...(input.languages === undefined ? {} : { languages: input.languages.length > 0 ? input.languages.join(',') : null }),
      ...(input.contextSize === undefined ? {} : { context_size: input.contextSize }),
      ...(input.parameters === undefined ? {} : { parameters: input.parameters }),
      ...(input.quantisation === undefined ? {} : { quantisation: input.quantisation || null }),
    };
  }

  return {
    ensureConfigured,

    async catalogue(caller: Caller): Promise<ModelCatalogue> {
      authorize(caller, 'model:list', INSTALLATION);
      const constraint = config.backend === 'llama-cpp' ? SINGLE_MODEL_CONSTRAINT : null;
      if (caller !== 'cli' && caller.role !== 'academie-admin') {
        // A school sees what it may use, never which other schools may.
        return { backend: config.backend, constraint, models: (await allowedRows(caller.schoolId ?? '')).map((row) => view(row, caller)) };
      }
      const allowances = await repo.allowances();
      const bySchool = (id: string) => allowances.filter((a) => a.model_id === id).map((a) => a.school_id);
      return { backend: config.backend, constraint, models: (await rows()).map((row) => view(row, caller, bySchool(row.id))) };
    },

    /** The GGUF files of the models folder, and whether each is already in the catalogue. */
    async files(caller: Caller): Promise<ModelFile[]> {
      authorize(caller, 'model:manage', INSTALLATION);
      const registered = new Set((await rows()).filter((r) => r.kind === 'gguf').map((r) => r.locator));
      return (await listModelFiles(config.modelsDir)).map((f) => ({ file: f.file, bytes: f.bytes, registered: registered.has(f.path) }));
    },

    async register(caller: Caller, input: RegisterModelInput): Promise<ModelView> {
      authorize(caller, 'model:manage', INSTALLATION);
      await ensureConfigured();
      const by = caller === 'cli' ? null : caller.id;
      let row: ModelsTable;
      if (input.kind === 'gguf') {
        const path = await resolveModelFile(config.modelsDir, input.file);
        let meta: GgufMetadata;
        try {
          meta = await readGgufMetadata(path);
        } catch (error) {
          if (error instanceof GgufFormatError) throw new HttpError(400, 'model_not_gguf', error.message);
          throw error;
        }
        row = { ...emptyRow('gguf', path, meta.name, 'admin', by), ...fromMetadata(meta), ...descriptiveChanges(input) };
      } else {
        row = { ...emptyRow('openai', input.modelName, input.name, 'admin', by), ...descriptiveChanges(input) };
      }
      try {
        await repo.insert(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new HttpError(409, 'model_exists', 'Ce modèle est déjà dans le catalogue.');
        throw error;
      }
      await changed({ by: caller, schoolId: null, key: 'model-catalogue', modelId: row.id });
      return view(row, caller, []);
    },

    async update(caller: Caller, id: string, input: UpdateModelInput): Promise<ModelView> {
      authorize(caller, 'model:manage', INSTALLATION);
      const row = await loadModel(id);
      const changes = { ...descriptiveChanges(input), updated_at: clock.now(), updated_by: caller === 'cli' ? null : caller.id };
      await repo.update(id, changes);
      await changed({ by: caller, schoolId: null, key: 'model-catalogue', modelId: id });
      const allowances = await repo.allowances();
      return view({ ...row, ...changes }, caller, allowances.filter((a) => a.model_id === id).map((a) => a.school_id));
    },

    /**
     * Takes a model out of the catalogue (the file stays on disk). Refused for the configured model and while
     * a school or a class has chosen it; the check and the delete are one statement, so a choice made at the
     * same moment is never lost silently.
     */
    async remove(caller: Caller, id: string): Promise<void> {
      authorize(caller, 'model:manage', INSTALLATION);
      const row = await loadModel(id);
      if (isDefault(row)) {
        const setting = row.kind === 'gguf' ? 'TUTEUR_MODEL_PATH' : 'TUTEUR_LLM_MODEL';
        throw new HttpError(409, 'model_configured', `« ${row.name} » est le modèle de la configuration (${setting}) : il ne peut pas être retiré du catalogue. Changez d’abord ${setting} et redémarrez.`);
      }
      if (!(await repo.deleteIfUnused(id))) {
        const usage = await repo.usage(id);
        const parts = [
          usage.schools > 0 ? `${usage.schools} établissement${usage.schools > 1 ? 's' : ''}` : null,
          usage.classes > 0 ? `${usage.classes} classe${usage.classes > 1 ? 's' : ''}` : null,
        ].filter((part): part is string => part !== null);
        // Gone meanwhile (another admin): nothing is in use, the model is simply not there any more.
        if (parts.length === 0) throw notFound('Modèle introuvable.');
        throw new HttpError(409, 'model_in_use', `« ${row.name} » est utilisé par ${parts.join(' et ')} : choisissez-leur un autre modèle avant de le retirer du catalogue.`);
      }
      await changed({ by: caller, schoolId: null, key: 'model-removed', modelId: id });
    },

    async schoolModels(caller: Caller, schoolId: string): Promise<SchoolModels> {
      await loadSchool(caller, schoolId, 'model:choose');
      const allowed = await allowedRows(schoolId);
      const choices = await repo.choicesOfSchool(schoolId);
      const schoolChoice = choices.find((c) => c.target_id === schoolId)?.model_id ?? null;
      const classes = await repo.classesOfSchool(schoolId);
      return {
        schoolId,
        allowed: allowed.map((row) => view(row, caller)),
        schoolChoice,
        classes: classes.map((c) => {
          const modelId = choices.find((choice) => choice.class_id === c.id)?.model_id ?? null;
          return { id: c.id, name: c.name, level: c.level, modelId, effectiveModelId: effective(allowed, [modelId, schoolChoice])?.id ?? null };
        }),
      };
    },

    /** The académie's decision: which catalogue models the school may use (the default is always allowed). */
    async setAllowed(caller: Caller, schoolId: string, modelIds: readonly string[]): Promise<SchoolModels> {
      await loadSchool(caller, schoolId, 'model:manage');
      const known = new Set((await rows()).map((r) => r.id));
      const unknown = modelIds.find((id) => !known.has(id));
      if (unknown !== undefined) throw new HttpError(400, 'unknown_model', 'Un des modèles n’existe pas dans le catalogue.');
      await repo.setAllowances(schoolId, [...new Set(modelIds)], clock.now());
      await changed({ by: caller, schoolId, key: 'model-allowed', modelId: null });
      return this.schoolModels(caller, schoolId);
    },

    /** The school's own default for its classes; null: the installation's. */
    async chooseForSchool(caller: Caller, schoolId: string, modelId: string | null): Promise<SchoolModels> {
      await loadSchool(caller, schoolId, 'model:choose');
      if (modelId === null) await repo.clearChoice(schoolId);
      else {
        await checkChoosable(schoolId, modelId);
        await repo.setChoice({ target_id: schoolId, school_id: schoolId, class_id: null, model_id: modelId, updated_at: clock.now(), updated_by: caller === 'cli' ? null : caller.id });
      }
      await changed({ by: caller, schoolId, key: 'model-school', modelId });
      return this.schoolModels(caller, schoolId);
    },

    /** A class's model; null: the school's default. */
    async chooseForClass(caller: Caller, classId: string, modelId: string | null): Promise<SchoolModels> {
      const klass = await repo.findClass(classId);
      if (!klass) throw notFound('Classe introuvable.');
      authorize(caller, 'model:choose', { kind: 'class', schoolId: klass.school_id, id: klass.id });
      if (modelId === null) await repo.clearChoice(classId);
      else {
        await checkChoosable(klass.school_id, modelId);
        await repo.setChoice({ target_id: classId, school_id: klass.school_id, class_id: classId, model_id: modelId, updated_at: clock.now(), updated_by: caller === 'cli' ? null : caller.id });
      }
      await changed({ by: caller, schoolId: klass.school_id, key: 'model-class', modelId, classId });
      return this.schoolModels(caller, klass.school_id);
    },

    /**
     * The model a class's messages go to (the hot path: kept for a few seconds, forgotten at once when this
     * instance changes a choice). null: no usable model is configured.
     */
    async modelForClass(classId: string): Promise<ClassModel | null> {
      const now = clock.now();
      const hit = cache.get(classId);
      if (hit && now - hit.at < cacheMs) return hit.value;
      const klass = await repo.findClass(classId);
      let value: ClassModel | null = null;
      if (klass) {
        const allowed = await allowedRows(klass.school_id);
        const row = effective(allowed, [await repo.choice(classId), await repo.choice(klass.school_id)]);
        value = row && {
          id: row.id,
          name: row.name,
          requestModel: row.kind === 'openai' && row.locator !== '' ? row.locator : undefined,
          runsOn: RUNS_ON[row.kind],
        };
      }
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(classId, { at: now, value });
      return value;
    },

    /**
     * The model a pupil talks to. One rule for the chat and the AI notice (/api/me), so both name the same
     * model: a pupil in several classes gets the model of the first of those classes by name (then by id),
     * the class /api/me lists first. null: no class, or no usable model.
     */
    async modelForPupil(pupilId: string): Promise<ClassModel | null> {
      const classId = await firstClassOf(pupilId);
      return classId === undefined ? null : this.modelForClass(classId);
    },

    /** What the AI notice names for this pupil (the installation's default when the pupil has no class yet). */
    async tutorModel(pupilId: string): Promise<TutorModel | null> {
      const classId = await firstClassOf(pupilId);
      const model = classId === undefined ? null : await this.modelForClass(classId);
      if (model) return { name: model.name, runsOn: model.runsOn };
      if (classId !== undefined) return null;
      const row = (await rows()).find((r) => isDefault(r) && unusableReason(r) === null);
      return row ? { name: row.name, runsOn: RUNS_ON[row.kind] } : null;
    },

    /** The models a school's classes use, for the register, the AIPD and the notice. */
    async modelsInUse(schoolId: string): Promise<ModelInUse[]> {
      const allowed = await allowedRows(schoolId);
      const choices = await repo.choicesOfSchool(schoolId);
      const schoolChoice = choices.find((c) => c.target_id === schoolId)?.model_id ?? null;
      const used = new Map<string, ModelsTable>();
      const schoolDefault = effective(allowed, [schoolChoice]);
      if (schoolDefault) used.set(schoolDefault.id, schoolDefault);
      for (const choice of choices.filter((c) => c.class_id !== null)) {
        const row = effective(allowed, [choice.model_id, schoolChoice]);
        if (row) used.set(row.id, row);
      }
      return [...used.values()].map((row) => ({
        name: row.name,
        licence: row.licence,
        runsOn: RUNS_ON[row.kind],
        engine: row.kind === 'gguf' ? 'llama.cpp (moteur intégré)' : 'serveur compatible OpenAI',
      }));
    },
  };
}

export type ModelsService = ReturnType<typeof createModelsService>;
