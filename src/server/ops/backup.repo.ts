// SQL of the backup and restore commands, run on a copy of the database (or on the target, read-only checks).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

const missingTable = (error: unknown) => /no such table/i.test((error as Error).message ?? '');

export function createBackupRepo(db: Kysely<Database>) {
  return {
    /** Migrations recorded in the database (Kysely's own table), oldest first; none for a fresh file. */
    async appliedMigrations(): Promise<string[]> {
      try {
        const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
        return rows.map((r) => r.name);
      } catch (error) {
        if (missingTable(error)) return [];
        throw error;
      }
    },

    /** SQLite's own consistency check of the copy: 'ok' when sound. */
    async quickCheck(): Promise<string> {
      const { rows } = await sql<{ quick_check: string }>`pragma quick_check`.execute(db);
      return rows.map((r) => r.quick_check).join('; ');
    },

    /** True when the database holds anything a school created (an establishment or an account). */
    async holdsData(): Promise<boolean> {
      try {
        const users = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
        const schools = await db.selectFrom('schools').select('id').limit(1).executeTakeFirst();
        return users !== undefined || schools !== undefined;
      } catch (error) {
        if (missingTable(error)) return false;
        throw error;
      }
    },

    /**
     * What must not come back with a restored copy: open sessions (people sign in again) and job leases (the
     * retention purge runs at the first start, so erasures due since the backup date are applied at once).
     */
    async resetRuntimeState(): Promise<{ sessions: number; leases: number }> {
      const sessions = await db.deleteFrom('sessions').executeTakeFirst();
      const leases = await db.deleteFrom('job_leases').executeTakeFirst();
      return { sessions: Number(sessions.numDeletedRows), leases: Number(leases.numDeletedRows) };
    },
  };
}

export type BackupRepo = ReturnType<typeof createBackupRepo>;
