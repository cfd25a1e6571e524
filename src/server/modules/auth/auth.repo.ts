// SQL for sessions, login throttling and one-time set-up tokens.
import type { Kysely } from 'kysely';
import { prepareQuery } from '../../db/prepared.ts';
import type { Database, LoginThrottleTable } from '../../db/schema.ts';

// Runs on every request: built and compiled once (db/prepared.ts).
const activeSession = prepareQuery((db, tokenHash: string, now: number) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('class_members', 'class_members.user_id', 'users.id')
    .select([
      'sessions.token_hash',
      'sessions.last_seen_at',
      'users.id as userId',
      'users.login',
      'users.display_name as displayName',
      'users.role',
      'users.school_id as schoolId',
      'class_members.class_id as classId',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .where('users.disabled_at', 'is', null),
);

export function createAuthRepo(db: Kysely<Database>) {
  return {
    insertSession: (row: { token_hash: string; user_id: string; created_at: number; expires_at: number }) =>
      db.insertInto('sessions').values({ ...row, last_seen_at: row.created_at, revoked_at: null }).execute(),

    /**
     * The live session, its person and that person's classes, in one query (it runs on every request): one
     * row per class, or one row with a null class.
     */
    findActiveSession: (tokenHash: string, now: number) => activeSession.execute(db, tokenHash, now),

    touchSession: (tokenHash: string, now: number) =>
      db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute(),

    revokeSession: (tokenHash: string, now: number) =>
      db.updateTable('sessions').set({ revoked_at: now }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute(),

    revokeUserSessions: (userId: string, now: number) =>
      db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute(),

    findThrottle: (key: string) => db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst(),

    saveThrottle: (row: LoginThrottleTable) =>
      db
        .insertInto('login_throttle')
        .values(row)
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({ failures: row.failures, window_started_at: row.window_started_at, locked_until: row.locked_until }),
        )
        .execute(),

    clearThrottle: (key: string) => db.deleteFrom('login_throttle').where('key', '=', key).execute(),

    insertSetupToken: (row: { token_hash: string; created_at: number; expires_at: number }) =>
      db.insertInto('setup_tokens').values({ ...row, used_at: null }).execute(),

    /** Marks the token used; true only for the one caller that used it (single use even under races). */
    async consumeSetupToken(tokenHash: string, now: number): Promise<boolean> {
      const result = await db
        .updateTable('setup_tokens')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    invalidateSetupTokens: (now: number) => db.updateTable('setup_tokens').set({ used_at: now }).where('used_at', 'is', null).execute(),
  };
}

export type AuthRepo = ReturnType<typeof createAuthRepo>;
