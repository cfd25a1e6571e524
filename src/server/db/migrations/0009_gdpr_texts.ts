// Staff-written free text about a pupil is encrypted at rest like the pupil's own: the reason of a rights
// request decision (or extension) moves from `decision_reason` (clear) to `decision_reason_enc`, encrypted
// with the pupil's data key and bound to (rights_requests, decision_reason, id). Existing reasons are
// converted here, which needs the main key: the server and `tuteur migrate` pass it. A reason whose pupil
// was already erased (key destroyed, or account deleted) is erased with the rest of that pupil's content.
//
// The transcript-access reason kept in audit details is encrypted from now on by the audit log itself;
// entries written before stay as they are: rewriting them would rewrite the hash chain and break the
// signed seals, the very thing that makes the log trustworthy. They leave with the audit retention.
import type { Kysely, Migration } from 'kysely';
import { createContentCipher, ShreddedKeyError } from '../../crypto/content-cipher.ts';
import type { Keyring } from '../../crypto/keyring.ts';
import type { Database } from '../schema.ts';

export interface GdprTextsContext {
  /** The main key; without it, a database holding clear reasons cannot be migrated. */
  keyring?: Keyring;
  now?: () => number;
}

const decisionReasonField = (requestId: string) => ({ table: 'rights_requests', column: 'decision_reason', rowId: requestId });

export function gdprTextsMigration(context: GdprTextsContext): Migration {
  return {
    async up(untyped: Kysely<unknown>): Promise<void> {
      // The table as it is before this migration (schema.ts describes it after).
      const db = untyped as Kysely<{
        rights_requests: { id: string; pupil_id: string; decision_reason: string | null; decision_reason_enc: string | null };
        users: { id: string };
      }>;
      const rows = await db
        .selectFrom('rights_requests')
        .leftJoin('users', 'users.id', 'rights_requests.pupil_id')
        .select(['rights_requests.id', 'rights_requests.pupil_id', 'rights_requests.decision_reason', 'users.id as user_id'])
        .where('rights_requests.decision_reason', 'is not', null)
        .execute();
      // Refused before any change: SQLite does not roll back schema changes of a failed migration.
      if (rows.length > 0 && !context.keyring) {
        throw new Error(
          `${rows.length} motif(s) de décision sur des demandes de droits sont à chiffrer : la clé principale est nécessaire. Lancez « tuteur migrate » ou démarrez le serveur.`,
        );
      }
      await untyped.schema.alterTable('rights_requests').addColumn('decision_reason_enc', 'text').execute();
      if (rows.length > 0 && context.keyring) {
        const now = context.now ?? (() => Date.now());
        const cipher = createContentCipher(untyped as Kysely<Database>, context.keyring, { now });
        for (const row of rows) {
          let encrypted: string | null = null;
          if (row.user_id !== null && row.decision_reason !== null) {
            try {
              encrypted = await cipher.encrypt(row.pupil_id, decisionReasonField(row.id), row.decision_reason);
            } catch (error) {
              if (!(error instanceof ShreddedKeyError)) throw error;
            }
          }
          await db.updateTable('rights_requests').set({ decision_reason_enc: encrypted }).where('id', '=', row.id).execute();
        }
      }
      await untyped.schema.alterTable('rights_requests').dropColumn('decision_reason').execute();
    },
  };
}
