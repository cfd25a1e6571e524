// Encrypts pupil content with the owner's data key (AES-256-GCM). The associated data binds each
// ciphertext to its table, row and column, so a value copied into another row does not decrypt.
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { createDataKeysRepo } from './data-keys.repo.ts';
import { aesGcmDecrypt, aesGcmEncrypt, type Keyring } from './keyring.ts';

export interface CipherField {
  table: string;
  column: string;
  rowId: string;
}

export class ShreddedKeyError extends Error {
  constructor() {
    super('Ce contenu a été effacé (clé détruite).');
    this.name = 'ShreddedKeyError';
  }
}

export interface ContentCipher {
  encrypt(ownerId: string, field: CipherField, plaintext: string): Promise<string>;
  decrypt(ownerId: string, field: CipherField, ciphertext: string): Promise<string>;
  /**
   * Crypto-shredding: the owner's content becomes unreadable in the database and in every backup taken
   * afterwards. A backup taken before still holds the wrapped key (see docs/deploiement.md: backup retention
   * limit, purge re-run after a restore, key rotation to retire old backups).
   */
  shred(ownerId: string, at: number): Promise<void>;
}

const aadOf = (field: CipherField) => `${field.table}:${field.column}:${field.rowId}`;

export function createContentCipher(db: Kysely<Database>, keyring: Keyring, clock: { now(): number }): ContentCipher {
  const repo = createDataKeysRepo(db);
  // Unwrapped keys are kept in memory for the hot path, as KeyObjects (importing raw key bytes on every
  // cipher was 6 % of the server's CPU in the serving benchmark); bounded so a big school does not grow it
  // forever, and re-read after a while so a key shredded by another instance stops being used there too.
  const cache = new Map<string, { key: KeyObject; at: number }>();
  const CACHE_MAX = 5000;
  const CACHE_TTL_MS = 60_000;

  async function keyFor(ownerId: string, create: boolean): Promise<KeyObject> {
    const cached = cache.get(ownerId);
    if (cached) {
      const age = clock.now() - cached.at;
      if (age >= 0 && age < CACHE_TTL_MS) return cached.key;
      cache.delete(ownerId);
    }
    let row = await repo.find(ownerId);
    if (!row && create) {
      await repo.insertIfAbsent({ owner_id: ownerId, wrapped_key: keyring.wrap(randomBytes(32), ownerId), kek_id: keyring.kekId, created_at: clock.now() });
      // Another request may have won the race: always use what is stored.
      row = await repo.find(ownerId);
    }
    if (!row || row.wrapped_key === null) throw new ShreddedKeyError();
    const key = createSecretKey(keyring.unwrap(row.wrapped_key, ownerId));
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(ownerId, { key, at: clock.now() });
    return key;
  }

  return {
    async encrypt(ownerId, field, plaintext) {
      return aesGcmEncrypt(await keyFor(ownerId, true), Buffer.from(plaintext, 'utf8'), aadOf(field));
    },
    async decrypt(ownerId, field, ciphertext) {
      return aesGcmDecrypt(await keyFor(ownerId, false), ciphertext, aadOf(field)).toString('utf8');
    },
    async shred(ownerId, at) {
      cache.delete(ownerId);
      await repo.shred(ownerId, at);
    },
  };
}
