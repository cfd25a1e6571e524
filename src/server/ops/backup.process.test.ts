// `tuteur backup` / `tuteur restore` on SQLite, against a real server process: an encrypted backup taken while
// the server answers, restored into a fresh instance where the pupil signs in and reads its conversation;
// the refusals (data present, wrong or missing key, altered archive, PostgreSQL); and what crypto-shredding
// does and does not reach once backups exist.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/main.ts';
import { registerOpsCommands } from '../../cli/ops-commands.ts';
import { openCliContext } from '../../cli/context.ts';
import { loadConfig } from '../config.ts';
import { createDataKeysRepo } from '../crypto/data-keys.repo.ts';
import { openDatabase } from '../db/connection.ts';
import { POSTGRES_BACKUP_MESSAGE } from './backup.ts';
import { instanceEnv, readConversation, seedPupil, TEST_PASSWORD, waitReady, writeTestModel, type SeededPupil } from './testing/fixtures.ts';
import { api, postMessage, signIn, startTuteur, type TuteurProcess } from './testing/instances.ts';

let dir: string;
let modelPath: string;
const started: TuteurProcess[] = [];

/** Runs `tuteur <args>` through the commands this module registers (wired into the CLI by src/cli/main.ts). */
async function tuteur(env: Record<string, string>, ...args: string[]): Promise<{ out: string; error?: string }> {
  const out: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => out.push(l), readPassword: () => Promise.resolve(''), env, cwd: dir };
  const program = new Command('tuteur').exitOverride();
  registerOpsCommands(program, io);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { out: out.join('\n') };
  } catch (error) {
    return { out: out.join('\n'), error: (error as Error).message };
  }
}

/** A fresh data directory holding only a copy of the key file (the KEK is backed up separately). */
async function freshDataDir(name: string, keyFrom?: string): Promise<string> {
  const dataDir = join(dir, name);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (keyFrom) await copyFile(join(keyFrom, 'tuteur.key'), join(dataDir, 'tuteur.key'));
  return dataDir;
}

let source: { env: Record<string, string>; dataDir: string; seeded: SeededPupil; server: TuteurProcess; conversationId: string; question: string; answer: string };
let archive: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tuteur-backup-'));
  modelPath = await writeTestModel(dir);
  const dataDir = join(dir, 'source');
  const env = instanceEnv({ dataDir, modelPath, maxTokens: 40 });
  const seeded = await seedPupil(env, dir);
  const server = await startTuteur(env, { cwd: dir });
  started.push(server);
  await waitReady(server.url);
  const browser = await signIn(server.url, server.url, seeded.login, TEST_PASSWORD);
  const conversationId = ((await api(server.url, 'POST', '/api/conversations', browser, {})).body as { id: string }).id;
  const question = 'Pourquoi le ciel est-il bleu ?';
  const { events } = await (await postMessage(server.url, browser, conversationId, question)).ended;
  expect(events.at(-1)?.event).toBe('done');
  const answer = events.filter((e) => e.event === 'token').map((e) => e.data.text as string).join('');
  source = { env, dataDir, seeded, server, conversationId, question, answer };
}, 90_000);

afterAll(async () => {
  await Promise.all(started.map((p) => p.stop('SIGKILL')));
  await rm(dir, { recursive: true, force: true });
});

describe('tuteur backup and restore (SQLite)', () => {
  it('backs up while the server runs, and a fresh instance restored from it serves the pupil its conversation', async () => {
    archive = join(dir, 'sauvegarde-1.tuteur');
    const result = await tuteur(source.env, 'backup', '--output', archive);
    expect(result.error).toBeUndefined();
    expect(result.out).toContain(`Sauvegarde écrite : ${archive}`);
    expect(result.out).toContain('sauvegardez ce fichier de clé à part');
    // The server kept serving during the backup.
    expect((await fetch(`${source.server.url}/readyz`)).status).toBe(200);

    const restoredDir = await freshDataDir('restauree', source.dataDir);
    const env = instanceEnv({ dataDir: restoredDir, modelPath, maxTokens: 40 });
    const restored = await tuteur(env, 'restore', archive);
    expect(restored.error).toBeUndefined();
    expect(restored.out).toMatch(/^Sauvegarde du .* restaurée dans .*tuteur\.sqlite \(schéma \d{4}_/);
    // The pupil's session of the source instance is not carried over.
    expect(restored.out).toContain('Sessions fermées : 1');

    const instance = await startTuteur(env, { cwd: dir });
    started.push(instance);
    await waitReady(instance.url);
    const browser = await signIn(instance.url, instance.url, source.seeded.login, TEST_PASSWORD);
    const read = await api(instance.url, 'GET', `/api/conversations/${source.conversationId}`, browser);
    expect(read.status).toBe(200);
    const messages = (read.body as { messages: { role: string; text: string; status: string }[] }).messages;
    expect(messages.map((m) => [m.role, m.text, m.status])).toEqual([
      ['pupil', source.question, 'complete'],
      ['tutor', source.answer, 'complete'],
    ]);
    await instance.stop();
  }, 90_000);

  it('keeps the key out of the archive and the content unreadable without it', async () => {
    const bytes = await readFile(archive);
    const key = (await readFile(join(source.dataDir, 'tuteur.key'), 'utf8')).trim();
    expect(bytes.includes(Buffer.from(key, 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from(key, 'base64'))).toBe(false);
    // Neither the question nor SQLite's own file header appear in clear.
    expect(bytes.includes(Buffer.from(source.question, 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from('SQLite format 3', 'utf8'))).toBe(false);

    const otherKey = await freshDataDir('autre-cle');
    await writeFile(join(otherKey, 'tuteur.key'), Buffer.alloc(32, 7).toString('base64') + '\n', { mode: 0o600 });
    const wrongKey = await tuteur(instanceEnv({ dataDir: otherKey, modelPath, maxTokens: 40 }), 'restore', archive);
    expect(wrongKey.error).toMatch(/^La clé principale de cette installation \(empreinte [0-9a-f]{16}\) n’est pas celle de la sauvegarde/);
    expect(existsSync(join(otherKey, 'tuteur.sqlite'))).toBe(false);

    const noKey = await freshDataDir('sans-cle');
    const missing = await tuteur(instanceEnv({ dataDir: noKey, modelPath, maxTokens: 40 }), 'restore', archive);
    expect(missing.error).toMatch(/^Fichier de clé introuvable .*remettez d’abord en place la clé principale/);
    // No new key was made up on the way.
    expect(existsSync(join(noKey, 'tuteur.key'))).toBe(false);
  });

  it('refuses an altered archive and replaces nothing', async () => {
    const bytes = await readFile(archive);
    const body = Buffer.from(bytes);
    body[body.length - 100] = body[body.length - 100]! ^ 0x01;
    const altered = join(dir, 'alteree.tuteur');
    await writeFile(altered, body);
    const target = await freshDataDir('alteree', source.dataDir);
    const result = await tuteur(instanceEnv({ dataDir: target, modelPath, maxTokens: 40 }), 'restore', altered);
    expect(result.error).toBe('La sauvegarde est altérée ou incomplète (contrôle d’intégrité en échec) : elle n’a pas été restaurée.');
    expect(existsSync(join(target, 'tuteur.sqlite'))).toBe(false);

    // The clear header is authenticated too: a date changed by hand (same length, valid JSON) does not pass.
    const text = bytes.toString('latin1');
    const forgedText = text.replace(/"createdAt":(\d+)(\d)/, (_all, head: string, last: string) => `"createdAt":${head}${(Number(last) + 1) % 10}`);
    expect(forgedText).not.toBe(text);
    const forged = join(dir, 'entete.tuteur');
    await writeFile(forged, Buffer.from(forgedText, 'latin1'));
    const forgedResult = await tuteur(instanceEnv({ dataDir: target, modelPath, maxTokens: 40 }), 'restore', forged);
    expect(forgedResult.error).toBe('La sauvegarde est altérée ou incomplète (contrôle d’intégrité en échec) : elle n’a pas été restaurée.');
    expect(existsSync(join(target, 'tuteur.sqlite'))).toBe(false);

    const notOurs = join(dir, 'autre.bin');
    await writeFile(notOurs, 'ceci n’est pas une sauvegarde');
    expect((await tuteur(instanceEnv({ dataDir: target, modelPath, maxTokens: 40 }), 'restore', notOurs)).error).toBe(`${notOurs} n’est pas une sauvegarde de Tuteur.`);
  });

  it('does not overwrite a database that holds data unless --force, and never overwrites an archive', async () => {
    const refused = await tuteur(source.env, 'restore', archive);
    expect(refused.error).toMatch(/contient déjà des données : la restauration ne l’écrase pas/);
    expect((await fetch(`${source.server.url}/readyz`)).status).toBe(200);

    const again = await tuteur(source.env, 'backup', '--output', archive);
    expect(again.error).toBe(`Le fichier ${archive} existe déjà : choisissez un autre nom (la sauvegarde n’écrase rien).`);

    // A migrated but empty database (first start, or `tuteur migrate`) is not "data": restored without --force.
    const emptyDir = await freshDataDir('vide', source.dataDir);
    const emptyEnv = instanceEnv({ dataDir: emptyDir, modelPath, maxTokens: 40 });
    const ctx = await openCliContext(loadConfig(emptyEnv, dir));
    await ctx.close();
    expect((await tuteur(emptyEnv, 'restore', archive)).error).toBeUndefined();

    // --force replaces a database with data (service stopped).
    const forcedDir = await freshDataDir('forcee', source.dataDir);
    const forcedEnv = instanceEnv({ dataDir: forcedDir, modelPath, maxTokens: 40 });
    await seedPupil(forcedEnv, dir, 'autre.eleve');
    expect((await tuteur(forcedEnv, 'restore', archive)).error).toMatch(/contient déjà des données/);
    expect((await tuteur(forcedEnv, 'restore', archive, '--force')).error).toBeUndefined();
    const back = await readConversation(forcedEnv, dir, source.seeded.actor, source.conversationId);
    expect(back.messages.map((m) => m.text)).toEqual([source.question, source.answer]);
  }, 60_000);

  it('points to the pg_dump procedure when the database is PostgreSQL', async () => {
    const env = { TUTEUR_DATA_DIR: join(dir, 'pg'), TUTEUR_DATABASE_URL: 'postgres://tuteur@127.0.0.1:1/tuteur' };
    expect((await tuteur(env, 'backup', '--output', join(dir, 'pg.tuteur'))).error).toBe(POSTGRES_BACKUP_MESSAGE);
    expect((await tuteur(env, 'restore', archive)).error).toBe(POSTGRES_BACKUP_MESSAGE);
    expect(POSTGRES_BACKUP_MESSAGE).toContain('docs/deploiement.md');
  });

  it('crypto-shredding reaches backups taken after the erasure, not those taken before (hence the backup retention limit)', async () => {
    // The pupil is erased (right to erasure granted, or retention) while the server runs.
    const ctx = await openCliContext(loadConfig(source.env, dir));
    try {
      await ctx.services.gdpr.retention.erasePupil(source.seeded.pupilId, { deleteAccount: false });
    } finally {
      await ctx.close();
    }
    const after = join(dir, 'sauvegarde-2.tuteur');
    expect((await tuteur(source.env, 'backup', '--output', after)).error).toBeUndefined();

    // Restored from the backup taken after the erasure: the key is destroyed, the content gone.
    const afterDir = await freshDataDir('apres-effacement', source.dataDir);
    const afterEnv = instanceEnv({ dataDir: afterDir, modelPath, maxTokens: 40 });
    expect((await tuteur(afterEnv, 'restore', after)).error).toBeUndefined();
    const afterConfig = loadConfig(afterEnv, dir);
    const database = openDatabase(afterConfig.database);
    try {
      const key = await createDataKeysRepo(database.db).find(source.seeded.pupilId);
      expect(key?.wrapped_key).toBeNull();
      expect(key?.shredded_at).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
    const shredded = await openCliContext(afterConfig);
    try {
      await expect(shredded.services.chat.get(source.seeded.actor, source.conversationId)).rejects.toThrow('Conversation introuvable.');
    } finally {
      await shredded.close();
    }

    // Restored from the backup taken before: the wrapped key is in it, so the content is readable again.
    // This is the documented limit: an erasure reaches older backups only when they expire.
    const beforeDir = await freshDataDir('avant-effacement', source.dataDir);
    const beforeEnv = instanceEnv({ dataDir: beforeDir, modelPath, maxTokens: 40 });
    expect((await tuteur(beforeEnv, 'restore', archive)).error).toBeUndefined();
    const old = await readConversation(beforeEnv, dir, source.seeded.actor, source.conversationId);
    expect(old.messages.map((m) => m.text)).toEqual([source.question, source.answer]);
  }, 60_000);
});
