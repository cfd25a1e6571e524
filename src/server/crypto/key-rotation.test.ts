// Rotation of the main key: every live data key re-wrapped, content untouched and readable with the new
// key only, shredded keys left shredded, and a rotation stopped half-way resumed by running it again.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../test/databases.ts';
import { openDatabase, type DatabaseHandle } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createContentCipher, ShreddedKeyError } from './content-cipher.ts';
import { KeyRotationError, rewrapDataKeys, rotateKeyFile } from './key-rotation.ts';
import { keyringFromKey, loadOrCreateKeyFile } from './keyring.ts';

const open = (url: string) => openDatabase(url.startsWith('postgres') ? { kind: 'postgres', url } : { kind: 'sqlite', file: url });
const clock = { now: () => 1 };
const field = (rowId: string) => ({ table: 'messages', column: 'content', rowId });

describe.each(testDatabaseUrls())('key rotation on $name', ({ createUrl }) => {
  let database: DatabaseHandle;
  const owners = ['owner-a', 'owner-b', 'owner-c'];

  beforeEach(async () => {
    database = open(await createUrl());
    await migrateToLatest(database.db);
    for (const id of owners) {
      await database.db.insertInto('users').values({ id, login: id, display_name: id, role: 'pupil', school_id: null, password_hash: null, disabled_at: null, created_at: 1 }).execute();
    }
  });
  afterEach(async () => database.close());

  it('re-wraps live keys under the new key file and keeps the old one for older backups', async () => {
    const keyFile = join(mkdtempSync(join(tmpdir(), 'tuteur-rotate-')), 'tuteur.key');
    const before = createContentCipher(database.db, loadOrCreateKeyFile(keyFile), clock);
    const texts = await Promise.all(owners.map((id) => before.encrypt(id, field(id), `texte de ${id}`)));
    await before.shred('owner-c', 2);

    const rotation = await rotateKeyFile(database.db, keyFile);
    expect(rotation.rewrapped).toBe(2);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(rotation.previousKeyFile).mode & 0o777).toBe(0o600);
    expect(existsSync(`${keyFile}.next`)).toBe(false);

    const after = createContentCipher(database.db, loadOrCreateKeyFile(keyFile), clock);
    expect(await after.decrypt('owner-a', field('owner-a'), texts[0]!)).toBe('texte de owner-a');
    expect(await after.decrypt('owner-b', field('owner-b'), texts[1]!)).toBe('texte de owner-b');
    await expect(after.decrypt('owner-c', field('owner-c'), texts[2]!)).rejects.toBeInstanceOf(ShreddedKeyError);
    const withOldKey = createContentCipher(database.db, loadOrCreateKeyFile(rotation.previousKeyFile), clock);
    await expect(withOldKey.decrypt('owner-a', field('owner-a'), texts[0]!)).rejects.toThrow();
    const kekIds = await database.db.selectFrom('data_keys').select('kek_id').where('wrapped_key', 'is not', null).execute();
    expect(kekIds.map((k) => k.kek_id)).toEqual([rotation.newKekId, rotation.newKekId]);
  });

  it('resumes a rotation stopped half-way', async () => {
    const keyFile = join(mkdtempSync(join(tmpdir(), 'tuteur-rotate-')), 'tuteur.key');
    const current = loadOrCreateKeyFile(keyFile);
    const cipher = createContentCipher(database.db, current, clock);
    const texts = await Promise.all(owners.map((id) => cipher.encrypt(id, field(id), id)));
    // A first run re-wrapped one key, then the process died before replacing the key file.
    const nextKey = randomBytes(32);
    writeFileSync(`${keyFile}.next`, nextKey.toString('base64'), { mode: 0o600 });
    const next = keyringFromKey(nextKey);
    const one = await database.db.selectFrom('data_keys').selectAll().where('owner_id', '=', 'owner-a').executeTakeFirstOrThrow();
    await database.db.updateTable('data_keys').set({ wrapped_key: next.wrap(current.unwrap(one.wrapped_key!, 'owner-a'), 'owner-a'), kek_id: next.kekId }).where('owner_id', '=', 'owner-a').execute();

    const rotation = await rotateKeyFile(database.db, keyFile);
    expect(rotation).toMatchObject({ oldKekId: current.kekId, newKekId: next.kekId, rewrapped: 2 });
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(nextKey.toString('base64'));
    const after = createContentCipher(database.db, loadOrCreateKeyFile(keyFile), clock);
    for (const [i, id] of owners.entries()) expect(await after.decrypt(id, field(id), texts[i]!)).toBe(id);
  });

  it('stops without loss on a key wrapped by an unknown main key', async () => {
    const a = keyringFromKey(randomBytes(32));
    const b = keyringFromKey(randomBytes(32));
    await createContentCipher(database.db, keyringFromKey(randomBytes(32)), clock).encrypt('owner-a', field('x'), 'x');
    await expect(rewrapDataKeys(database.db, a, b)).rejects.toBeInstanceOf(KeyRotationError);
  });
});
