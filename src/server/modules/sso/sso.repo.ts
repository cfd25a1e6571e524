// SQL for single sign-on: identity links, accounts made or updated from a provider's attributes, used
// CAS tickets (replay, single logout), SAML assertion ids (replay) and sign-ins in progress.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Level, Role } from '../../../shared/roles.ts';

export interface SsoAccount {
  id: string;
  login: string;
  displayName: string;
  role: Role;
  schoolId: string | null;
  disabledAt: number | null;
  classIds: string[];
}

export function createSsoRepo(db: Kysely<Database>) {
  async function account(where: { id: string } | { schoolId: string; externalId: string }): Promise<SsoAccount | undefined> {
    let query = db.selectFrom('users').select(['id', 'login', 'display_name', 'role', 'school_id', 'disabled_at']);
    query = 'id' in where ? query.where('id', '=', where.id) : query.where('school_id', '=', where.schoolId).where('external_id', '=', where.externalId);
    const row = await query.executeTakeFirst();
    if (!row) return undefined;
    const classes = await db.selectFrom('class_members').select('class_id').where('user_id', '=', row.id).execute();
    return {
      id: row.id,
      login: row.login,
      displayName: row.display_name,
      role: row.role,
      schoolId: row.school_id,
      disabledAt: row.disabled_at,
      classIds: classes.map((c) => c.class_id),
    };
  }

  return {
    findLinkedUserId: async (providerId: string, subject: string) =>
      (await db.selectFrom('sso_links').select('user_id').where('provider_id', '=', providerId).where('subject', '=', subject).executeTakeFirst())?.user_id,

    findAccount: (id: string) => account({ id }),
    findAccountByExternalId: (schoolId: string, externalId: string) => account({ schoolId, externalId }),

    link: (providerId: string, subject: string, userId: string, now: number) =>
      db
        .insertInto('sso_links')
        .values({ provider_id: providerId, subject, user_id: userId, created_at: now, last_login_at: now })
        .onConflict((oc) => oc.columns(['provider_id', 'subject']).doUpdateSet({ user_id: userId, last_login_at: now }))
        .execute(),

    loginExists: async (login: string) => (await db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirst()) !== undefined,

    classesOf: (schoolId: string) => db.selectFrom('classes').select(['id', 'name', 'level']).where('school_id', '=', schoolId).execute(),

    insertClass: (row: { id: string; school_id: string; name: string; level: Level; created_at: number }) =>
      db.insertInto('classes').values({ ...row, tutor_disabled_at: null }).execute(),

    createAccount: (
      row: { id: string; login: string; display_name: string; role: Role; school_id: string; external_id: string | null; created_at: number },
      classIds: string[],
      link: { providerId: string; subject: string },
    ) =>
      db.transaction().execute(async (trx) => {
        // No local password: the account signs in through its provider.
        await trx.insertInto('users').values({ ...row, password_hash: null, disabled_at: null, left_at: null }).execute();
        if (classIds.length > 0) await trx.insertInto('class_members').values(classIds.map((class_id) => ({ class_id, user_id: row.id }))).execute();
        await trx
          .insertInto('sso_links')
          .values({ provider_id: link.providerId, subject: link.subject, user_id: row.id, created_at: row.created_at, last_login_at: row.created_at })
          .execute();
      }),

    /** Role, school, name and the classes of that school, as the provider now says. */
    updateAccount: (id: string, change: { role: Role; schoolId: string; displayName: string; classIds: string[] }) =>
      db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ role: change.role, school_id: change.schoolId, display_name: change.displayName }).where('id', '=', id).execute();
        await trx.deleteFrom('class_members').where('user_id', '=', id).execute();
        if (change.classIds.length > 0) {
          await trx.insertInto('class_members').values(change.classIds.map((class_id) => ({ class_id, user_id: id }))).execute();
        }
      }),

    /** Records a ticket as used; false when it already was (a replay). */
    async claimTicket(providerId: string, ticketHash: string, now: number): Promise<boolean> {
      const result = await db
        .insertInto('sso_tickets')
        .values({ provider_id: providerId, ticket_hash: ticketHash, session_token_hash: null, created_at: now })
        .onConflict((oc) => oc.columns(['provider_id', 'ticket_hash']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },

    attachSession: (providerId: string, ticketHash: string, sessionTokenHash: string) =>
      db.updateTable('sso_tickets').set({ session_token_hash: sessionTokenHash }).where('provider_id', '=', providerId).where('ticket_hash', '=', ticketHash).execute(),

    sessionOfTicket: async (providerId: string, ticketHash: string) =>
      (
        await db
          .selectFrom('sso_tickets')
          .select('session_token_hash')
          .where('provider_id', '=', providerId)
          .where('ticket_hash', '=', ticketHash)
          .executeTakeFirst()
      )?.session_token_hash ?? undefined,

    /** Tickets older than any session they could have opened are of no use any more. */
    purgeTickets: (before: number) => db.deleteFrom('sso_tickets').where('created_at', '<', before).execute(),

    savePending: (row: { state_hash: string; provider_id: string; payload: string; expires_at: number }) => db.insertInto('sso_pending').values(row).execute(),

    /** Takes a pending sign-in out (single use); undefined when unknown or expired. */
    takePending: (stateHash: string, providerId: string, now: number) =>
      db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('sso_pending')
          .select(['payload', 'expires_at'])
          .where('state_hash', '=', stateHash)
          .where('provider_id', '=', providerId)
          .executeTakeFirst();
        if (!row) return undefined;
        const deleted = await trx.deleteFrom('sso_pending').where('state_hash', '=', stateHash).executeTakeFirst();
        if (Number(deleted.numDeletedRows) !== 1 || row.expires_at <= now) return undefined;
        return row.payload;
      }),

    purgePending: (now: number) => db.deleteFrom('sso_pending').where('expires_at', '<=', now).execute(),

    /** A pending sign-in's payload without taking it (SAML reads the request id before the signature check ends). */
    peekPending: async (stateHash: string, providerId: string, now: number) =>
      (
        await db
          .selectFrom('sso_pending')
          .select('payload')
          .where('state_hash', '=', stateHash)
          .where('provider_id', '=', providerId)
          .where('expires_at', '>', now)
          .executeTakeFirst()
      )?.payload,

    /** True only for the one caller that removed it: a request id answers one response, even under races. */
    async deletePending(stateHash: string, providerId: string): Promise<boolean> {
      const result = await db.deleteFrom('sso_pending').where('state_hash', '=', stateHash).where('provider_id', '=', providerId).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    /** Records a SAML assertion id as used until it expires; false when it already was (a replay). */
    async claimAssertion(providerId: string, assertionHash: string, expiresAt: number, now: number): Promise<boolean> {
      await db.deleteFrom('saml_assertions').where('expires_at', '<=', now).execute();
      const result = await db
        .insertInto('saml_assertions')
        .values({ provider_id: providerId, assertion_hash: assertionHash, expires_at: expiresAt })
        .onConflict((oc) => oc.columns(['provider_id', 'assertion_hash']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
  };
}

export type SsoRepo = ReturnType<typeof createSsoRepo>;
