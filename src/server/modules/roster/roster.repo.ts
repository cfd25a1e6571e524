// SQL for roster imports: the school's current classes and roster accounts, logins in use, and the
// whole import applied in one transaction (all of it or nothing).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ExistingAccount, ExistingClass, RosterPlan } from './roster.plan.ts';

// Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits.
const BATCH = 400;

function chunks<T>(items: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function createRosterRepo(db: Kysely<Database>) {
  return {
    classesOf: (schoolId: string): Promise<ExistingClass[]> =>
      db.selectFrom('classes').select(['id', 'name', 'level']).where('school_id', '=', schoolId).execute(),

    async accountsOf(schoolId: string): Promise<ExistingAccount[]> {
      const rows = await db
        .selectFrom('users')
        .select(['id', 'login', 'display_name', 'role', 'external_id', 'left_at', 'disabled_at'])
        .where('school_id', '=', schoolId)
        .where('external_id', 'is not', null)
        .execute();
      const memberships = await db
        .selectFrom('class_members')
        .innerJoin('users', 'users.id', 'class_members.user_id')
        .select(['class_members.user_id', 'class_members.class_id'])
        .where('users.school_id', '=', schoolId)
        .where('users.external_id', 'is not', null)
        .execute();
      const byUser = new Map<string, string[]>();
      for (const m of memberships) byUser.set(m.user_id, [...(byUser.get(m.user_id) ?? []), m.class_id]);
      return rows.map((r) => ({
        id: r.id,
        login: r.login,
        displayName: r.display_name,
        role: r.role,
        externalId: r.external_id ?? '',
        leftAt: r.left_at ?? null,
        disabledAt: r.disabled_at,
        classIds: byUser.get(r.id) ?? [],
      }));
    },

    /** Which of these logins, or numbered variants of them (`base2`, `base3`…), are taken. */
    async takenLogins(candidates: readonly string[]): Promise<Set<string>> {
      const taken = new Set<string>();
      for (const part of chunks([...new Set(candidates)])) {
        const rows = await db.selectFrom('users').select('login').where('login', 'in', part).execute();
        for (const r of rows) taken.add(r.login);
      }
      for (const base of [...taken]) {
        // substr rather than LIKE: `_` is common in logins and a LIKE wildcard.
        const rows = await db
          .selectFrom('users')
          .select('login')
          .where(sql<string>`substr(login, 1, ${base.length})`, '=', base)
          .execute();
        for (const r of rows) taken.add(r.login);
      }
      return taken;
    },

    /** Applies a plan without errors. */
    apply: (schoolId: string, plan: RosterPlan, now: number, onProgress?: (done: number, total: number) => void) =>
      db.transaction().execute(async (trx) => {
        const total = plan.create.length + plan.update.length + plan.leave.length;
        let done = 0;
        const advance = (n: number) => {
          done += n;
          onProgress?.(done, total);
        };
        for (const part of chunks(plan.classesToCreate)) {
          await trx
            .insertInto('classes')
            .values(part.map((c) => ({ id: c.id, school_id: schoolId, name: c.name, level: c.level, created_at: now, tutor_disabled_at: null })))
            .execute();
        }
        for (const part of chunks(plan.create)) {
          await trx
            .insertInto('users')
            .values(
              part.map((p) => ({
                id: p.id,
                login: p.login,
                display_name: p.displayName,
                role: p.role,
                school_id: schoolId,
                // No local password: roster accounts sign in through the ENT (see docs/identite.md).
                password_hash: null,
                disabled_at: null,
                created_at: now,
                external_id: p.externalId,
                left_at: null,
              })),
            )
            .execute();
          advance(part.length);
        }
        const memberships = plan.create.flatMap((p) => p.classIds.map((class_id) => ({ class_id, user_id: p.id })));
        for (const part of chunks(memberships)) await trx.insertInto('class_members').values(part).execute();

        for (const u of plan.update) {
          await trx.updateTable('users').set({ display_name: u.displayName, role: u.role }).where('id', '=', u.id).execute();
          if (u.returns) {
            // The departure disabled the account with the same timestamp; a disable by an admin stays.
            await trx
              .updateTable('users')
              .set({ disabled_at: null })
              .where('id', '=', u.id)
              .where((eb) => eb('disabled_at', '=', eb.ref('left_at')))
              .execute();
            await trx.updateTable('users').set({ left_at: null }).where('id', '=', u.id).execute();
          }
          await trx
            .deleteFrom('class_members')
            .where('user_id', '=', u.id)
            .where('class_id', 'in', (eb) => eb.selectFrom('classes').select('id').where('school_id', '=', schoolId))
            .execute();
          if (u.classIds.length > 0) await trx.insertInto('class_members').values(u.classIds.map((class_id) => ({ class_id, user_id: u.id }))).execute();
          advance(1);
        }

        for (const part of chunks(plan.leave.map((l) => l.id))) {
          await trx.updateTable('users').set({ left_at: now }).where('id', 'in', part).execute();
          await trx.updateTable('users').set({ disabled_at: now }).where('id', 'in', part).where('disabled_at', 'is', null).execute();
          advance(part.length);
        }
      }),
  };
}

export type RosterRepo = ReturnType<typeof createRosterRepo>;
