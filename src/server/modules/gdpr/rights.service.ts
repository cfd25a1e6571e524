// Rights requests (art. 15 to 21): a pupil files one, the DPO of its school decides within the legal
// deadline (one month, extendable by two), and the decision and its reason are recorded. A granted
// erasure disables the account and crypto-shreds its content; a granted restriction or objection freezes
// the account (no more processing).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import type { ContentCipher } from '../../crypto/content-cipher.ts';
import type { RightsRequestsTable } from '../../db/schema.ts';
import { HttpError, notFound } from '../../http/errors.ts';
import { authorize } from '../../policies/authorize.ts';
import type { Actor } from '../../policies/policies.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { GdprRepo } from './gdpr.repo.ts';
import { monthsBefore, type RetentionService } from './retention.service.ts';

export const RIGHTS_KINDS = ['access', 'rectification', 'restriction', 'objection', 'erasure'] as const;
export type RightsKind = (typeof RIGHTS_KINDS)[number];

export const RIGHTS_KIND_LABELS_FR: Record<RightsKind, string> = {
  access: 'Accès à mes données (art. 15)',
  rectification: 'Rectification (art. 16)',
  restriction: 'Limitation du traitement (art. 18)',
  objection: 'Opposition (art. 21)',
  erasure: 'Effacement (art. 17)',
};

export const RIGHTS_STATE_LABELS_FR: Record<RightsRequestsTable['state'], string> = {
  received: 'Reçue',
  in_progress: 'En cours d’examen',
  extended: 'Délai prolongé',
  granted: 'Acceptée',
  refused: 'Refusée',
};

export const createRightsRequestSchema = z.strictObject({
  kind: z.enum(RIGHTS_KINDS, { message: 'Type de demande inconnu.' }),
  details: z.string({ message: 'Texte attendu.' }).trim().max(2000, '2000 caractères au maximum.').optional(),
});

const reason = z.string({ message: 'Indiquez la raison en quelques mots.' }).trim().min(3, 'Indiquez la raison en quelques mots.').max(1000, '1000 caractères au maximum.');

export const decideRightsRequestSchema = z.strictObject({
  decision: z.enum(['granted', 'refused'], { message: 'Décision attendue : granted ou refused.' }),
  reason,
});

export const extendRightsRequestSchema = z.strictObject({ reason });

/** Adds calendar months (the GDPR counts deadlines in months, art. 12.3). */
const monthsAfter = (at: number, months: number) => monthsBefore(at, -months);

export interface RightsRequestView {
  id: string;
  kind: RightsKind;
  kindLabel: string;
  state: RightsRequestsTable['state'];
  stateLabel: string;
  receivedAt: number;
  dueAt: number;
  overdue: boolean;
  details: string | null;
  decidedAt: number | null;
  decisionReason: string | null;
  pupil?: { id: string; login: string | null; name: string | null };
}

const OPEN_STATES: readonly RightsRequestsTable['state'][] = ['received', 'in_progress', 'extended'];
const ERASED = '[contenu effacé]';
/** Also written by migration 0009 for reasons stored before encryption: the two must stay equal. */
const decisionReasonField = (requestId: string) => ({ table: 'rights_requests', column: 'decision_reason', rowId: requestId });

/**
 * The DPO's reason, encrypted with the pupil's data key rather than a school key: it is written about
 * that pupil, and erasing the pupil (crypto-shredding) must take it too. A refusal keeps its reason,
 * since a refused erasure does not destroy the key.
 */
export async function readDecisionReason(cipher: ContentCipher, row: Pick<RightsRequestsTable, 'id' | 'pupil_id' | 'decision_reason_enc'>): Promise<string | null> {
  if (row.decision_reason_enc === null) return null;
  return cipher.decrypt(row.pupil_id, decisionReasonField(row.id), row.decision_reason_enc).catch(() => ERASED);
}

export function createRightsService(deps: {
  repo: GdprRepo;
  cipher: ContentCipher;
  audit: AuditLog;
  clock: Clock;
  retention: RetentionService;
  revokeAccess: (userId: string) => Promise<void>;
}) {
  const { repo, cipher, audit, clock } = deps;
  const field = (id: string) => ({ table: 'rights_requests', column: 'details', rowId: id });

  async function view(row: RightsRequestsTable & { pupil_login?: string | null; pupil_name?: string | null }, withPupil: boolean): Promise<RightsRequestView> {
    let details: string | null = null;
    if (row.details_enc !== null) details = await cipher.decrypt(row.pupil_id, field(row.id), row.details_enc).catch(() => ERASED);
    const result: RightsRequestView = {
      id: row.id,
      kind: row.kind,
      kindLabel: RIGHTS_KIND_LABELS_FR[row.kind],
      state: row.state,
      stateLabel: RIGHTS_STATE_LABELS_FR[row.state],
      receivedAt: row.received_at,
      dueAt: row.due_at,
      overdue: OPEN_STATES.includes(row.state) && clock.now() > row.due_at,
      details,
      decidedAt: row.decided_at,
      decisionReason: await readDecisionReason(cipher, row),
    };
    if (withPupil) result.pupil = { id: row.pupil_id, login: row.pupil_login ?? null, name: row.pupil_name ?? null };
    return result;
  }

  async function loadForDpo(caller: Actor, id: string) {
    const row = await repo.findRequest(id);
    if (!row) throw notFound('Demande introuvable.');
    authorize(caller, 'rights:manage', { kind: 'school', id: row.school_id ?? '' }, true);
    return row;
  }

  async function applyGranted(row: RightsRequestsTable): Promise<void> {
    const now = clock.now();
    if (row.kind === 'erasure') {
      await repo.setDisabled(row.pupil_id, now);
      await deps.revokeAccess(row.pupil_id);
      // Content becomes unreadable everywhere (backups included), then goes. The emptied account stays,
      // disabled, until the pupil leaves the school and retention deletes it. It is not marked as left
      // here: a roster import would take the pupil, still enrolled, for one coming back and re-enable it.
      await deps.retention.erasePupil(row.pupil_id, { deleteAccount: false });
    } else if (row.kind === 'restriction' || row.kind === 'objection') {
      await repo.setDisabled(row.pupil_id, now);
      await deps.revokeAccess(row.pupil_id);
    }
  }

  return {
    async create(caller: Actor, input: unknown): Promise<RightsRequestView> {
      const { kind, details } = createRightsRequestSchema.parse(input);
      authorize(caller, 'rights:create', { kind: 'user', id: caller.id, role: caller.role, schoolId: caller.schoolId });
      const id = randomUUID();
      const now = clock.now();
      const row: RightsRequestsTable = {
        id,
        school_id: caller.schoolId,
        pupil_id: caller.id,
        kind,
        state: 'received',
        details_enc: details ? await cipher.encrypt(caller.id, field(id), details) : null,
        received_at: now,
        due_at: monthsAfter(now, 1),
        extended: 0,
        decided_at: null,
        decided_by: null,
        decision_reason_enc: null,
      };
      await repo.insertRequest(row);
      await audit.record({ actor: caller, action: 'rights.requested', target: { type: 'rights_request', id }, subjectId: caller.id, details: { kind } });
      return view(row, false);
    },

    async listOwn(caller: Actor): Promise<RightsRequestView[]> {
      authorize(caller, 'rights:list-own', { kind: 'user', id: caller.id, role: caller.role, schoolId: caller.schoolId });
      return Promise.all((await repo.listRequestsOf(caller.id)).map((r) => view(r, false)));
    },

    async listForDpo(caller: Actor): Promise<RightsRequestView[]> {
      authorize(caller, 'rights:manage', { kind: 'school', id: caller.schoolId ?? '' });
      return Promise.all((await repo.listRequests(caller.schoolId ?? '')).map((r) => view(r, true)));
    },

    /** Art. 12.3: two more months for a complex request, with the reason told to the pupil. */
    async extend(caller: Actor, id: string, input: unknown): Promise<RightsRequestView> {
      const { reason: why } = extendRightsRequestSchema.parse(input);
      const row = await loadForDpo(caller, id);
      if (row.extended === 1 || !OPEN_STATES.includes(row.state)) throw new HttpError(409, 'cannot_extend', 'Le délai de cette demande ne peut plus être prolongé.');
      const patch = { state: 'extended' as const, extended: 1, due_at: monthsAfter(row.received_at, 3), decision_reason_enc: await cipher.encrypt(row.pupil_id, decisionReasonField(id), why) };
      if (!(await repo.updateRequest(id, row.state, patch))) throw new HttpError(409, 'conflict', 'La demande a changé entre-temps : rechargez la page.');
      await audit.record({ actor: caller, action: 'rights.decided', target: { type: 'rights_request', id }, subjectId: row.pupil_id, schoolId: row.school_id, details: { kind: row.kind, decision: 'extended' } });
      return view({ ...row, ...patch }, true);
    },

    async decide(caller: Actor, id: string, input: unknown): Promise<RightsRequestView> {
      const { decision, reason: why } = decideRightsRequestSchema.parse(input);
      const row = await loadForDpo(caller, id);
      if (!OPEN_STATES.includes(row.state)) throw new HttpError(409, 'already_decided', 'Cette demande a déjà été traitée.');
      const patch = { state: decision, decided_at: clock.now(), decided_by: caller.id, decision_reason_enc: await cipher.encrypt(row.pupil_id, decisionReasonField(id), why) };
      if (!(await repo.updateRequest(id, row.state, patch))) throw new HttpError(409, 'conflict', 'La demande a changé entre-temps : rechargez la page.');
      // Recorded before the effects: if applying them fails half-way, the decision is still on record.
      await audit.record({ actor: caller, action: 'rights.decided', target: { type: 'rights_request', id }, subjectId: row.pupil_id, schoolId: row.school_id, details: { kind: row.kind, decision } });
      // Read before the effects: a granted erasure destroys the pupil's key, and this reason with it.
      const decided = await view({ ...row, ...patch }, true);
      if (decision === 'granted') await applyGranted(row);
      return decided;
    },
  };
}

export type RightsService = ReturnType<typeof createRightsService>;
