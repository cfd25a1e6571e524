// Envelope encryption: per-owner keys, binding to the row, crypto-shredding, key file permissions.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteUrl } from '../../../test/databases.ts';
import { openDatabase, type DatabaseHandle } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createContentCipher, ShreddedKeyError } from './content-cipher.ts';
import { keyringFromKey, loadOrCreateKeyFile } from './keyring.ts';

describe('content cipher', () => {
  let database: DatabaseHandle;
  const clock = { now: () => 1 };
  const field = { table: 'messages', column: 'content', rowId: 'm1' };

  beforeEach(async () => {
    database = openDatabase({ kind: 'sqlite', file: await createSqliteUrl() });
    await migrateToLatest(database.db);
    for (const id of ['owner-a', 'owner-b']) {
      await database.db.insertInto('users').values({ id, login: id, display_name: id, role: 'pupil', school_id: null, password_hash: null, disabled_at: null, created_at: 1 }).execute();
    }
  });
  afterEach(async () => database.close());

  it('round-trips text and never produces the plaintext', async () => {
    const cipher = createContentCipher(database.db, keyringFromKey(randomBytes(32)), clock);
    const encrypted = await cipher.encrypt('owner-a', field, 'Bonjour élève');
    expect(encrypted).not.toContain('Bonjour');
    expect(await cipher.decrypt('owner-a', field, encrypted)).toBe('Bonjour élève');
    expect(await cipher.encrypt('owner-a', field, 'Bonjour élève')).not.toBe(encrypted);
  });

  it('refuses a ciphertext moved to another row, column or owner', async () => {
    const cipher = createContentCipher(database.db, keyringFromKey(randomBytes(32)), clock);
    const encrypted = await cipher.encrypt('owner-a', field, 'secret');
    await expect(cipher.decrypt('owner-a', { ...field, rowId: 'm2' }, encrypted)).rejects.toThrow();
    await expect(cipher.decrypt('owner-a', { ...field, column: 'title' }, encrypted)).rejects.toThrow();
    await cipher.encrypt('owner-b', field, 'other');
    await expect(cipher.decrypt('owner-b', field, encrypted)).rejects.toThrow();
  });

  it('makes content unreadable once the owner’s key is shredded, even for a fresh process', async () => {
    const kek = randomBytes(32);
    const cipher = createContentCipher(database.db, keyringFromKey(kek), clock);
    const encrypted = await cipher.encrypt('owner-a', field, 'secret');
    await cipher.shred('owner-a', 2);
    await expect(cipher.decrypt('owner-a', field, encrypted)).rejects.toBeInstanceOf(ShreddedKeyError);
    const restarted = createContentCipher(database.db, keyringFromKey(kek), clock);
    await expect(restarted.decrypt('owner-a', field, encrypted)).rejects.toBeInstanceOf(ShreddedKeyError);
  });

  it('stops using a key shredded by another instance once its cached copy is a minute old', async () => {
    const kek = randomBytes(32);
    let now = 1;
    const here = createContentCipher(database.db, keyringFromKey(kek), { now: () => now });
    const encrypted = await here.encrypt('owner-a', field, 'secret');
    await createContentCipher(database.db, keyringFromKey(kek), { now: () => now }).shred('owner-a', 2);
    now += 59_000;
    expect(await here.decrypt('owner-a', field, encrypted)).toBe('secret');
    now += 1_000;
    await expect(here.decrypt('owner-a', field, encrypted)).rejects.toBeInstanceOf(ShreddedKeyError);
  });

  it('cannot decrypt with another key-encryption key', async () => {
    const encrypted = await createContentCipher(database.db, keyringFromKey(randomBytes(32)), clock).encrypt('owner-a', field, 'secret');
    await expect(createContentCipher(database.db, keyringFromKey(randomBytes(32)), clock).decrypt('owner-a', field, encrypted)).rejects.toThrow();
  });

  it('creates the key file once with mode 0600 and reuses it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tuteur-key-')), 'sub', 'tuteur.key');
    const first = loadOrCreateKeyFile(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKeyFile(path).kekId).toBe(first.kekId);
  });
});
