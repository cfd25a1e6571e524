// The audit chain on both databases: tampering with rows directly in SQL is found and pointed out,
// concurrent appends from two instances never fork the chain, and staff's written reasons are stored
// encrypted for the pupil, the chain still verifying once the pupil is erased.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import { createContentCipher, type ContentCipher } from '../../crypto/content-cipher.ts';
import { keyringFromKey } from '../../crypto/keyring.ts';
import { newSigner } from '../../crypto/signing-key.ts';
import { openDatabase, type DatabaseHandle } from '../../db/connection.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { Actor } from '../../policies/policies.ts';
import { entryHash } from './audit.chain.ts';
import { AuditInputError, createAuditLog, type AuditLog } from './audit.service.ts';

const open = (url: string) => openDatabase(url.startsWith('postgres') ? { kind: 'postgres', url } : { kind: 'sqlite', file: url });

describe.each(testDatabaseUrls())('audit log on $name', ({ createUrl }) => {
  let url: string;
  let database: DatabaseHandle;
  let audit: AuditLog;
  let now: number;
  let cipher: ContentCipher;
  const signer = newSigner();
  const pupilId = '22222222-2222-4222-8222-222222222222';
  const staff: Actor = { id: '11111111-1111-4111-8111-111111111111', role: 'teacher', schoolId: 'school-a' };

  beforeEach(async () => {
    url = await createUrl();
    database = open(url);
    await migrateToLatest(database.db);
    now = Date.UTC(2026, 9, 1);
    cipher = createContentCipher(database.db, keyringFromKey(randomBytes(32)), { now: () => now });
    audit = createAuditLog(database.db, { clock: { now: () => now }, signer, cipher });
    // The pupil the reasons are about: its data key needs the account.
    await database.db.insertInto('users').values({ id: pupilId, login: 'eleve-audit', display_name: 'Élève', role: 'pupil', school_id: null, password_hash: null, disabled_at: null, created_at: now }).execute();
  });
  afterEach(async () => database.close());

  async function fill(count: number) {
    for (let i = 0; i < count; i += 1) {
      now += 1000;
      await audit.record({ actor: staff, action: 'settings.changed', target: { type: 'school', id: 'school-a' }, details: { key: `k${i}` } });
    }
  }

  const run = (query: ReturnType<typeof sql>) => query.execute(database.db);

  it('chains entries, seals them, and verifies a clean log', async () => {
    await fill(5);
    expect(await audit.seal()).toEqual({ seq: 5, at: now });
    expect(await audit.seal()).toBeNull();
    await fill(2);
    const result = await audit.verify();
    expect(result).toMatchObject({ ok: true, checkedEntries: 7, firstSeq: 1, lastSeq: 7, seals: { total: 1, valid: 1, lastSealedSeq: 5 } });
    expect(result.problems).toEqual([]);
  });

  it('points out an entry changed in place', async () => {
    await fill(5);
    await run(sql`update audit_log set details = ${'{"key":"autre"}'} where seq = 3`);
    const result = await audit.verify();
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ seq: 3, kind: 'altered' })]);
  });

  it('points out an entry changed with its hash recomputed, and the seal over it', async () => {
    await fill(5);
    await audit.seal();
    const row = await database.db.selectFrom('audit_log').selectAll().where('seq', '=', 3).executeTakeFirstOrThrow();
    const forged = { ...row, actor_id: null };
    await run(sql`update audit_log set actor_id = null, hash = ${entryHash(forged)} where seq = 3`);
    const problems = (await audit.verify()).problems;
    expect(problems).toContainEqual(expect.objectContaining({ seq: 4, kind: 'broken_link' }));
    expect(problems[0]?.message).toContain('n° 3');
  });

  it('points out a removed entry', async () => {
    await fill(5);
    await run(sql`delete from audit_log where seq = 3`);
    const problems = (await audit.verify()).problems;
    expect(problems).toEqual([expect.objectContaining({ seq: 4, kind: 'missing' })]);
    expect(problems[0]?.message).toContain('n° 3 a été supprimée');
  });

  it('points out reordered entries', async () => {
    await fill(5);
    await run(sql`update audit_log set seq = 100 where seq = 2`);
    await run(sql`update audit_log set seq = 2 where seq = 3`);
    await run(sql`update audit_log set seq = 3 where seq = 100`);
    const problems = (await audit.verify()).problems;
    expect(problems.map((p) => p.seq)).toEqual(expect.arrayContaining([2, 3]));
    expect(problems.every((p) => p.kind === 'altered' || p.kind === 'broken_link')).toBe(true);
  });

  it('points out an entry inserted in the middle, even with a consistent hash', async () => {
    await fill(4);
    const row = await database.db.selectFrom('audit_log').selectAll().where('seq', '=', 2).executeTakeFirstOrThrow();
    // Make room after entry 2 and slip a well-formed entry in.
    for (const seq of [4, 3]) await run(sql`update audit_log set seq = ${seq + 1} where seq = ${seq}`);
    const inserted = { ...row, seq: 3, details: '{"key":"glissée"}', prev_hash: row.hash };
    await database.db.insertInto('audit_log').values({ ...inserted, hash: entryHash(inserted) }).execute();
    const problems = (await audit.verify()).problems;
    expect(problems[0]).toMatchObject({ seq: 4, kind: 'altered' });
  });

  it('points out entries appended behind the service’s back and the tail cut off', async () => {
    await fill(3);
    const last = await database.db.selectFrom('audit_log').selectAll().where('seq', '=', 3).executeTakeFirstOrThrow();
    const extra = { ...last, seq: 4, prev_hash: last.hash };
    await database.db.insertInto('audit_log').values({ ...extra, hash: entryHash(extra) }).execute();
    expect((await audit.verify()).problems).toEqual([expect.objectContaining({ seq: 4, kind: 'head_mismatch' })]);

    await run(sql`delete from audit_log where seq >= 3`);
    expect((await audit.verify()).problems).toEqual([expect.objectContaining({ seq: 3, kind: 'truncated' })]);
  });

  it('finds a truncation hidden by rewinding the head when a seal covers it', async () => {
    await fill(4);
    await audit.seal();
    const third = await database.db.selectFrom('audit_log').select('hash').where('seq', '=', 3).executeTakeFirstOrThrow();
    await run(sql`delete from audit_log where seq = 4`);
    await run(sql`update audit_head set last_seq = 3, last_hash = ${third.hash}`);
    expect((await audit.verify()).problems).toEqual([expect.objectContaining({ seq: 4, kind: 'truncated' })]);
  });

  it('rejects a forged or foreign seal', async () => {
    await fill(2);
    await audit.seal();
    await run(sql`update audit_seals set signature = ${Buffer.alloc(64).toString('base64')}`);
    expect((await audit.verify()).problems).toEqual([expect.objectContaining({ seq: 2, kind: 'bad_seal' })]);
    const otherKey = createAuditLog(database.db, { clock: { now: () => now }, signer: newSigner(), cipher });
    expect((await otherKey.verify()).problems[0]).toMatchObject({ kind: 'bad_seal' });
  });

  it('cuts old entries for retention and still verifies; a cut outside retention is found', async () => {
    await fill(3);
    const cutoff = now + 1;
    now += 86_400_000;
    await fill(2);
    expect(await audit.countBefore(cutoff)).toEqual({ count: 3, throughSeq: 3 });
    expect(await audit.cutBefore(cutoff, 'system')).toEqual({ deleted: 3, throughSeq: 3 });
    const clean = await audit.verify();
    expect(clean).toMatchObject({ ok: true, firstSeq: 4, lastSeq: 6, checkedEntries: 3 });

    const fourth = await database.db.selectFrom('audit_log').select('hash').where('seq', '=', 4).executeTakeFirstOrThrow();
    await run(sql`delete from audit_log where seq = 4`);
    await run(sql`update audit_head set first_seq = 5, first_prev_hash = ${fourth.hash}`);
    expect((await audit.verify()).problems).toEqual([expect.objectContaining({ seq: 5, kind: 'retention_mismatch' })]);
  });

  it('requires a reason from the list and free text for a staff opening of a conversation', async () => {
    const base = { actor: staff, action: 'conversation.accessed' as const, target: { type: 'conversation', id: 'c1' }, subjectId: pupilId };
    await expect(audit.record({ ...base, details: { reasonText: 'vérification' } })).rejects.toBeInstanceOf(AuditInputError);
    await expect(audit.record({ ...base, details: { reasonCode: 'curiosity', reasonText: 'vérification' } })).rejects.toBeInstanceOf(AuditInputError);
    await expect(audit.record({ ...base, details: { reasonCode: 'safety_alert' } })).rejects.toBeInstanceOf(AuditInputError);
    await expect(audit.record({ ...base, details: { reasonCode: 'safety_alert', reasonText: 'x'.repeat(501) } })).rejects.toBeInstanceOf(AuditInputError);
    await expect(audit.record({ ...base, details: { reasonCode: 'safety_alert', reasonText: 'alerte du 3 mars' } })).resolves.toMatchObject({ seq: 1 });
    await expect(audit.record({ actor: staff, action: 'alert.opened', details: { reasonText: 'sans personne concernée' } })).rejects.toBeInstanceOf(AuditInputError);
  });

  it('stores the written reason encrypted for the pupil, shows it to the pupil, and still verifies once the pupil is erased', async () => {
    await audit.record({
      actor: staff,
      action: 'conversation.accessed',
      target: { type: 'conversation', id: 'c1' },
      subjectId: pupilId,
      details: { reasonCode: 'pupil_request', reasonText: 'Motif très confidentiel' },
    });
    const stored = await database.db.selectFrom('audit_log').select('details').executeTakeFirstOrThrow();
    expect(stored.details).not.toContain('confidentiel');
    expect(JSON.parse(stored.details)).toMatchObject({ reasonCode: 'pupil_request', reasonTextEnc: expect.stringMatching(/^v1:/) as string });
    const pupil: Actor = { id: pupilId, role: 'pupil', schoolId: null };
    expect((await audit.accessLog(pupil))[0]).toMatchObject({ reasonText: 'Motif très confidentiel' });

    await cipher.shred(pupilId, now);
    expect((await audit.accessLog(pupil))[0]).toMatchObject({ reasonText: '[contenu effacé]' });
    expect(await audit.verify()).toMatchObject({ ok: true, checkedEntries: 1 });

    // Written after the erasure, the reason is not kept at all; moving a ciphertext into that entry is found.
    await audit.record({ actor: staff, action: 'conversation.accessed', target: { type: 'conversation', id: 'c2' }, subjectId: pupilId, details: { reasonCode: 'safety_alert', reasonText: 'autre' } });
    const rows = await database.db.selectFrom('audit_log').select(['seq', 'details']).orderBy('seq').execute();
    expect(JSON.parse(rows[1]!.details)).toMatchObject({ reasonTextErased: true });
    const moved = { ...(JSON.parse(rows[1]!.details) as object), reasonTextEnc: (JSON.parse(rows[0]!.details) as { reasonTextEnc: string }).reasonTextEnc };
    await run(sql`update audit_log set details = ${JSON.stringify(moved)} where seq = 2`);
    expect((await audit.verify()).problems).toEqual([expect.objectContaining({ seq: 2, kind: 'altered' })]);
  });

  it('never forks the chain when two instances append at once', async () => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('./testing/append-process.ts', import.meta.url)), url, '40'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const writes = [];
    for (let i = 0; i < 40; i += 1) {
      writes.push(audit.record({ actor: 'system', action: 'settings.changed', details: { i } }));
      // Let the other process in between our appends.
      if (i % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(writes);
    expect(await exited, stderr).toBe(0);
    const seqs = (await database.db.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect(await audit.verify()).toMatchObject({ ok: true, checkedEntries: 80, lastSeq: 80 });
  });
});
