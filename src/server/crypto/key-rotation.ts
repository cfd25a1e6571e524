// `tuteur keys rotate`: every live data key is re-wrapped under a new key-encryption key. Content is not
// touched (it is encrypted by the data keys, which do not change), so rotation takes seconds, not hours.
import { chmodSync, copyFileSync, existsSync, renameSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { createDataKeysRepo } from './data-keys.repo.ts';
import { loadOrCreateKeyFile, type Keyring } from './keyring.ts';

const BATCH = 500;

export class KeyRotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyRotationError';
  }
}

/** Re-wraps under `to` every data key wrapped by `from`; keys already under `to` are left as they are. */
export async function rewrapDataKeys(db: Kysely<Database>, from: Keyring, to: Keyring): Promise<{ rewrapped: number }> {
  const repo = createDataKeysRepo(db);
  let rewrapped = 0;
  for (;;) {
    const rows = await repo.listNotWrappedBy(to.kekId, BATCH);
    if (rows.length === 0) return { rewrapped };
    let progressed = false;
    for (const row of rows) {
      if (row.wrapped_key === null) continue;
      if (row.kek_id !== from.kekId) {
        throw new KeyRotationError(`Une clé de données est chiffrée par une clé principale inconnue (${row.kek_id}) : rotation interrompue, rien n’est perdu.`);
      }
      const dataKey = from.unwrap(row.wrapped_key, row.owner_id);
      // A key shredded meanwhile stays shredded: the update only applies to the value read.
      if (await repo.rewrap(row.owner_id, row.wrapped_key, to.wrap(dataKey, row.owner_id), to.kekId)) rewrapped += 1;
      dataKey.fill(0);
      progressed = true;
    }
    if (!progressed) return { rewrapped };
  }
}

export interface KeyFileRotation {
  oldKekId: string;
  newKekId: string;
  rewrapped: number;
  /** Copy of the previous key, still needed to read backups taken before the rotation. */
  previousKeyFile: string;
}

/**
 * Rotates the key file itself. The new key is first written beside it (`<file>.next`, 0600) and becomes the
 * key file only once every data key is re-wrapped: a rotation stopped half-way is resumed by running it again,
 * and at no moment is there no key file. Instances must be stopped: they keep the old key in memory.
 */
export async function rotateKeyFile(db: Kysely<Database>, keyFile: string): Promise<KeyFileRotation> {
  if (!existsSync(keyFile)) throw new KeyRotationError(`Le fichier de clé ${keyFile} n’existe pas : rien à faire tourner.`);
  const current = loadOrCreateKeyFile(keyFile);
  const nextFile = `${keyFile}.next`;
  const next = loadOrCreateKeyFile(nextFile);
  if (next.kekId === current.kekId) throw new KeyRotationError(`${nextFile} contient la clé actuelle : supprimez-le puis relancez.`);
  const { rewrapped } = await rewrapDataKeys(db, current, next);
  const previousKeyFile = `${keyFile}.old-${current.kekId}`;
  copyFileSync(keyFile, previousKeyFile);
  chmodSync(previousKeyFile, 0o600);
  renameSync(nextFile, keyFile);
  return { oldKekId: current.kekId, newKekId: next.kekId, rewrapped, previousKeyFile };
}
