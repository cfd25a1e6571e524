// `tuteur model add/list/remove`: the model catalogue of a single-school installation (no académie admin),
// through runCli with a real database and GGUF files written by the test.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSqliteUrl } from '../../test/databases.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/connection.ts';
import { writeTinyLlamaGguf } from '../server/modules/llm/testing/tiny-gguf.ts';
import type { ModelView } from '../shared/models.ts';
import { runCli, type CliIo } from './main.ts';

let root: string;
let modelsDir: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tuteur-model-cli-'));
  modelsDir = join(root, 'modeles');
  mkdirSync(join(modelsDir, 'autres'), { recursive: true });
  await writeTinyLlamaGguf(join(modelsDir, 'tiny.gguf'), { name: 'Tiny Tuteur', contextLength: 2048 });
  await writeTinyLlamaGguf(join(modelsDir, 'autres', 'second.gguf'), { name: 'Second' });
  await writeTinyLlamaGguf(join(root, 'dehors.gguf'));
});

async function installation(extra: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { TUTEUR_DATA_DIR: mkdtempSync(join(root, 'data-')), TUTEUR_DATABASE_URL: await createSqliteUrl(), TUTEUR_MODELS_DIR: modelsDir, ...extra };
  const cwd = root;
  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), readPassword: async () => '', env, cwd };
    const code = await runCli(args, io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const list = async () => JSON.parse((await run('model', 'list', '--json')).out) as ModelView[];
  return { env, cwd, run, list };
}

describe('tuteur model add / list / remove', () => {
  it('adds a file of the models folder with its header, the admin’s metadata over it, and lists it', async () => {
    const { run, list } = await installation();
    const added = await run('model', 'add', 'tiny.gguf', '--licence', 'Apache-2.0', '--origin', 'Essai', '--languages', 'fr, en');
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/^Modèle ajouté au catalogue : Tiny Tuteur \(tiny\.gguf\)/);
    // Also by a path from the current folder, as long as it leads into the models folder.
    expect((await run('model', 'add', 'modeles/autres/second.gguf', '--name', 'Deuxième')).code).toBe(0);
    const models = await list();
    expect(models.map((m) => [m.name, m.locator, m.licence, m.origin, m.languages, m.contextSize])).toEqual([
      ['Deuxième', 'autres/second.gguf', null, null, [], expect.any(Number)],
      ['Tiny Tuteur', 'tiny.gguf', 'Apache-2.0', 'Essai', ['fr', 'en'], 2048],
    ]);
    const table = await run('model', 'list');
    expect(table.out.split('\n')[0]).toMatch(/^Identifiant\s+Nom\s+Fichier ou modèle\s+Licence\s+Langues\s+État$/);
    expect(table.out).toContain('Tiny Tuteur');

    const again = await run('model', 'add', 'tiny.gguf');
    expect(again).toMatchObject({ code: 1, err: 'Erreur : Ce modèle est déjà dans le catalogue.' });
  });

  it('refuses a file outside the models folder, a missing file and a bad language code, in French', async () => {
    const { run, list } = await installation();
    const outside = await run('model', 'add', join(root, 'dehors.gguf'));
    expect(outside.code).toBe(1);
    expect(outside.err).toMatch(/^Erreur : Le fichier doit se trouver dans le dossier des modèles/);
    expect((await run('model', 'add', '../dehors.gguf')).err).toMatch(/dossier des modèles/);
    expect((await run('model', 'add', 'absent.gguf')).err).toBe('Erreur : Fichier introuvable dans le dossier des modèles : absent.gguf');
    expect((await run('model', 'add', 'tiny.gguf', '--languages', 'français')).err).toMatch(/Code de langue invalide/);
    expect(await list()).toEqual([]);
  });

  it('removes a model nobody uses, refuses one a class uses and the configured one', async () => {
    const { env, cwd, run, list } = await installation({ TUTEUR_MODEL_PATH: join(modelsDir, 'tiny.gguf') });
    expect((await run('model', 'add', 'autres/second.gguf')).code).toBe(0);
    const [second, configured] = await list();
    expect([second?.name, second?.isDefault, configured?.name, configured?.isDefault]).toEqual(['Second', false, 'Tiny Tuteur', true]);

    const refused = await run('model', 'remove', configured!.id);
    expect(refused.code).toBe(1);
    expect(refused.err).toBe('Erreur : « Tiny Tuteur » est le modèle de la configuration (TUTEUR_MODEL_PATH) : il ne peut pas être retiré du catalogue. Changez d’abord TUTEUR_MODEL_PATH et redémarrez.');

    // A class that chose it (the embedded engine would not let a school choose it: the row is written directly).
    expect((await run('schools', 'add', '--uai', '0691234A', '--name', 'Lycée Ampère')).code).toBe(0);
    expect((await run('classes', 'add', '--school', '0691234A', '--name', '2nde B', '--level', '2nde')).code).toBe(0);
    const database = openDatabase(loadConfig(env, cwd).database);
    const klass = await database.db.selectFrom('classes').select(['id', 'school_id']).executeTakeFirstOrThrow();
    await database.db.insertInto('model_choices').values({ target_id: klass.id, school_id: klass.school_id, class_id: klass.id, model_id: second!.id, updated_at: 1, updated_by: null }).execute();
    const inUse = await run('model', 'remove', second!.id);
    expect(inUse).toMatchObject({ code: 1, err: 'Erreur : « Second » est utilisé par 1 classe : choisissez-leur un autre modèle avant de le retirer du catalogue.' });

    await database.db.deleteFrom('model_choices').execute();
    await database.close();
    expect(await run('model', 'remove', second!.id)).toMatchObject({ code: 0, out: `Modèle retiré du catalogue : ${second!.id}` });
    expect((await list()).map((m) => m.name)).toEqual(['Tiny Tuteur']);
    expect((await run('model', 'remove', second!.id)).err).toBe('Erreur : Modèle introuvable.');
    expect((await run('model', 'remove', 'pas-un-id')).err).toMatch(/identifiant de modèle invalide/);
  });
});
