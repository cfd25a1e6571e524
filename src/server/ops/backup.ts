// `tuteur backup` and `tuteur restore` for SQLite. The backup reads the database while the server runs
// (SQLite's online backup API, all pages in one step, hence a consistent snapshot even while answers are
// being written) and writes an encrypted archive (archive.ts). The restore refuses to overwrite a database
// that holds data unless forced, checks the archive end to end before replacing anything, and resets what
// must not come back (open sessions, job leases). PostgreSQL uses pg_dump (docs/deploiement.md).
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Config } from '../config.ts';
import { loadOrCreateKeyFile, type Keyring } from '../crypto/keyring.ts';
import { knownMigrations } from '../db/migrate.ts';
import type { Database } from '../db/schema.ts';
import { ArchiveError, decryptArchive, readArchiveHeader, writeArchive, type ArchiveHeader } from './archive.ts';
import { createBackupRepo, type BackupRepo } from './backup.repo.ts';

export { ArchiveError };

/** Where the administrator is sent when the database is PostgreSQL. */
export const POSTGRES_BACKUP_MESSAGE =
  'La base de données est PostgreSQL : tuteur backup et tuteur restore ne servent qu’à SQLite. ' +
  'Sauvegardez avec pg_dump et restaurez avec pg_restore en suivant la procédure de docs/deploiement.md ' +
  '(section « Sauvegarde et restauration avec PostgreSQL »), et sauvegardez à part le fichier de clé (TUTEUR_KEY_FILE).';

// better-sqlite3 copies this many pages per step: all of them, so the copy is one read transaction.
const ALL_PAGES = 0x7fffffff;

type OpsConfig = Pick<Config, 'database' | 'keyFile' | 'dataDir'>;

function sqliteFile(config: OpsConfig): string {
  if (config.database.kind !== 'sqlite') throw new ArchiveError(POSTGRES_BACKUP_MESSAGE);
  return config.database.file;
}

/** The KEK, which must already exist: a backup or a restore never creates a new one. */
function existingKeyring(keyFile: string, forRestore: boolean): Keyring {
  if (!existsSync(keyFile)) {
    throw new ArchiveError(
      forRestore
        ? `Fichier de clé introuvable (${keyFile}) : remettez d’abord en place la clé principale sauvegardée à part, sans elle la sauvegarde est illisible.`
        : `Fichier de clé introuvable (${keyFile}) : rien à sauvegarder sur cette installation, ou TUTEUR_KEY_FILE est mal réglé.`,
    );
  }
  return loadOrCreateKeyFile(keyFile);
}

async function withSqlite<T>(file: string, options: SQLite.Options, work: (repo: BackupRepo) => Promise<T>): Promise<T> {
  const connection = new SQLite(file, options);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  try {
    return await work(createBackupRepo(db));
  } finally {
    await db.destroy();
  }
}

export interface BackupResult {
  file: string;
  bytes: number;
  header: ArchiveHeader;
}

export async function backupSqlite(config: OpsConfig, output: string, now: () => number): Promise<BackupResult> {
  const source = sqliteFile(config);
  const target = resolve(output);
  if (!existsSync(source)) throw new ArchiveError(`Aucune base SQLite à ${source} : rien à sauvegarder.`);
  if (existsSync(target)) throw new ArchiveError(`Le fichier ${target} existe déjà : choisissez un autre nom (la sauvegarde n’écrase rien).`);
  if (!existsSync(dirname(target))) throw new ArchiveError(`Le dossier ${dirname(target)} n’existe pas.`);
  const keyring = existingKeyring(config.keyFile, false);
  // The clear copy stays beside the database (same protection), never in a shared temporary folder.
  const work = await mkdtemp(join(dirname(source), '.sauvegarde-'));
  const copy = join(work, 'copie.sqlite');
  const partial = `${target}.partiel`;
  try {
    const connection = new SQLite(source, { readonly: true, fileMustExist: true });
    try {
      connection.pragma('busy_timeout = 5000');
      const createdAt = now();
      await connection.backup(copy, { progress: () => ALL_PAGES });
      const migrations = await withSqlite(copy, {}, async (repo) => {
        const check = await repo.quickCheck();
        if (check !== 'ok') throw new ArchiveError(`La base ${source} est abîmée (${check}) : sauvegarde interrompue.`);
        return repo.appliedMigrations();
      });
      const header = await writeArchive(copy, partial, { createdAt, migrations, keyring });
      await rename(partial, target);
      return { file: target, bytes: (await stat(target)).size, header };
    } finally {
      connection.close();
    }
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export interface RestoreResult {
  file: string;
  header: ArchiveHeader;
  reset: { sessions: number; leases: number };
}

/**
 * Restores an archive into the configured SQLite file. Stop the service first: the file is replaced.
 * `force` allows replacing a database that holds data.
 */
export async function restoreSqlite(config: OpsConfig, archive: string, options: { force: boolean }): Promise<RestoreResult> {
  const target = sqliteFile(config);
  const source = resolve(archive);
  const { header } = await readArchiveHeader(source);
  const known = knownMigrations();
  const unknown = header.migrations.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new ArchiveError(
      `Cette sauvegarde vient d’une version plus récente de Tuteur (schéma ${header.schemaVersion}, inconnu ici : ${unknown.join(', ')}) : mettez Tuteur à jour avant de la restaurer.`,
    );
  }
  const keyring = existingKeyring(config.keyFile, true);
  if (existsSync(target) && !options.force) {
    const holdsData = await withSqlite(target, { readonly: true, fileMustExist: true }, (repo) => repo.holdsData()).catch(() => true);
    if (holdsData) {
      throw new ArchiveError(
        `La base ${target} contient déjà des données : la restauration ne l’écrase pas. Restaurez dans un dossier de données neuf (TUTEUR_DATA_DIR), ` +
          'ou arrêtez le service et ajoutez --force pour la remplacer.',
      );
    }
  }
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  const work = await mkdtemp(join(dirname(target), '.restauration-'));
  const copy = join(work, basename(target));
  try {
    await decryptArchive(source, copy, keyring);
    const reset = await withSqlite(copy, { fileMustExist: true }, async (repo) => {
      const check = await repo.quickCheck();
      if (check !== 'ok') throw new ArchiveError(`La copie restaurée est abîmée (${check}) : rien n’a été remplacé.`);
      return repo.resetRuntimeState();
    });
    // Journal files of the replaced database would be replayed onto the restored one: removed with it.
    for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(`${target}${suffix}`, { force: true });
    await rename(copy, target);
    await chmod(target, 0o600);
    return { file: target, header, reset };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
