// Encrypts pupil content with the owner's data key (AES-256-GCM). The associated data binds each
// ciphertext to its table, row and column, so a value copied into another row does not decrypt.
import { randomBytes } from 'node:crypto';
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
  // Unwrapped keys are kept in memory for the hot path; bounded so a big school does not grow it forever.
  const cache = new Map<string, Buffer>();
  const CACHE_MAX = 5000;

  async function keyFor(ownerId: string, create: boolean): Promise<Buffer> {
    const cached = cache.get(ownerId);
    if (cached) return cached;
    let row = await repo.find(ownerId);
    if (!row && create) {
      await repo.insertIfAbsent({ owner_id: ownerId, wrapped_key: keyring.wrap(randomBytes(32), ownerId), kek_id: keyring.kekId, created_at: clock.now() });
      // Another request may have won the race: always use what is stored.
      row = await repo.find(ownerId);
    }
    if (!row || row.wrapped_key === null) throw new ShreddedKeyError();
    const key = keyring.unwrap(row.wrapped_key, ownerId);
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(ownerId, key);
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
