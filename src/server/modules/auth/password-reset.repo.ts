// SQL for one-time password reset links: made by an administrator, used once by the person.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export function createPasswordResetRepo(db: Kysely<Database>) {
  return {
    findUser: (id: string) =>
      db.selectFrom('users').select(['id', 'login', 'display_name', 'role', 'school_id', 'disabled_at']).where('id', '=', id).executeTakeFirst(),

    /** A new link for the account; its earlier unused links end (only the newest one works). */
    create: (row: { token_hash: string; user_id: string; created_by: string | null; created_at: number; expires_at: number }) =>
      db.transaction().execute(async (trx) => {
        await trx.updateTable('password_resets').set({ used_at: row.created_at }).where('user_id', '=', row.user_id).where('used_at', 'is', null).execute();
        await trx.insertInto('password_resets').values({ ...row, used_at: null }).execute();
      }),

    /** The account a link still resets: unused, not expired, account not disabled. */
    findValid: (tokenHash: string, now: number) =>
      db
        .selectFrom('password_resets')
        .innerJoin('users', 'users.id', 'password_resets.user_id')
        .select(['users.id as userId', 'users.login', 'users.display_name as displayName', 'users.role', 'users.school_id as schoolId', 'password_resets.expires_at as expiresAt'])
        .where('password_resets.token_hash', '=', tokenHash)
        .where('password_resets.used_at', 'is', null)
        .where('password_resets.expires_at', '>', now)
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst(),

    /**
     * Uses the link and sets the password, in one transaction; every other link of the account ends too.
     * False when the link was used meanwhile (only one of two concurrent uses wins).
     */
    consume: (tokenHash: string, userId: string, passwordHash: string, now: number) =>
      db.transaction().execute(async (trx) => {
        const used = await trx
          .updateTable('password_resets')
          .set({ used_at: now })
          .where('token_hash', '=', tokenHash)
          .where('user_id', '=', userId)
          .where('used_at', 'is', null)
          .where('expires_at', '>', now)
          .executeTakeFirst();
        if (Number(used.numUpdatedRows) !== 1) return false;
        await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
        await trx.updateTable('password_resets').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
        return true;
      }),
  };
}

export type PasswordResetRepo = ReturnType<typeof createPasswordResetRepo>;
