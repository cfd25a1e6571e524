// The audit log service: `record` for every module that must leave a trace, signed seals, the verifier
// that finds changed, removed, reordered or inserted entries, and the DPO's and pupil's views.
import { randomUUID } from 'node:crypto';
import type { AccessLogEntry } from '../../../shared/audit.ts';
import type { Kysely } from 'kysely';
import { ROLE_LABELS_FR, ROLES, type Role } from '../../../shared/roles.ts';
import type { Clock } from '../../clock.ts';
import { ShreddedKeyError, type ContentCipher } from '../../crypto/content-cipher.ts';
import type { Signer } from '../../crypto/signing-key.ts';
import type { Database } from '../../db/schema.ts';
import { HttpError } from '../../http/errors.ts';
import { authorize } from '../../policies/authorize.ts';
import type { Actor } from '../../policies/policies.ts';
import { canonicalDetails, entryHash, sealText, type AuditDetails } from './audit.chain.ts';
import {
  ACCESS_EVENTS,
  ACCESS_REASON_LABELS_FR,
  ACCESS_REASONS,
  AUDIT_ACTION_LABELS_FR,
  AUDIT_ACTIONS,
  type AccessReason,
  type AuditAction,
} from './audit.events.ts';
import { createAuditRepo, type MakeEntry } from './audit.repo.ts';

/** Who did it: a signed-in person, the operator's CLI, a scheduled job, or nobody known (failed login). */
export type AuditActor = Actor | 'cli' | 'system' | 'anonymous';

export interface AuditEntryInput {
  actor: AuditActor;
  action: AuditAction;
  target?: { type: string; id: string | null };
  /** The school the event belongs to: whose DPO sees it. Defaults to the actor's school. */
  schoolId?: string | null;
  /** The person the event is about (the pupil whose conversation was opened): shown to that person. */
  subjectId?: string | null;
  /**
   * Identifiers, counts and codes only: never a pupil's text. The one free text allowed, `reasonText`
   * (why staff opened a pupil's conversation), is stored encrypted for the subject (see `encryptReason`).
   */
  details?: AuditDetails;
}

export interface RecordedEntry {
  seq: number;
  at: number;
  hash: string;
}

export type AuditProblemKind = 'altered' | 'broken_link' | 'missing' | 'truncated' | 'head_mismatch' | 'bad_seal' | 'seal_mismatch' | 'retention_mismatch';

export interface AuditProblem {
  /** The entry pointed out, when there is one. */
  seq: number | null;
  kind: AuditProblemKind;
  message: string;
}

export interface AuditVerification {
  ok: boolean;
  checkedEntries: number;
  firstSeq: number;
  lastSeq: number;
  seals: { total: number; valid: number; lastSealedSeq: number | null; lastSealAt: number | null };
  problems: AuditProblem[];
}

export interface AuditEntryView {
  seq: number;
  at: number;
  actor: { id: string | null; login: string | null; name: string | null; role: string; roleLabel: string };
  action: string;
  actionLabel: string;
  target: { type: string; id: string | null } | null;
  subjectId: string | null;
  details: AuditDetails;
}

export type { AccessLogEntry };

export class AuditInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditInputError';
  }
}

const MAX_DETAIL_KEYS = 30;
const MAX_DETAIL_TEXT = 500;
/** A 500-character reason, UTF-8, encrypted and base64-encoded, with room to spare. */
const MAX_DETAIL_CIPHERTEXT = 4000;
const ERASED = '[contenu effacé]';
const reasonField = (ref: string) => ({ table: 'audit_log', column: 'details.reasonText', rowId: ref });
const VERIFY_BATCH = 1000;
const MAX_PROBLEMS = 50;

function checkDetails(details: AuditDetails): void {
  const keys = Object.keys(details);
  if (keys.length > MAX_DETAIL_KEYS) throw new AuditInputError(`Trop de détails (${keys.length}) pour une entrée du journal.`);
  for (const key of keys) {
    const value = details[key];
    const texts = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    if (value !== null && !Array.isArray(value) && !['string', 'number', 'boolean'].includes(typeof value)) {
      throw new AuditInputError(`Détail « ${key} » : valeur simple attendue.`);
    }
    if (typeof value === 'number' && !Number.isFinite(value)) throw new AuditInputError(`Détail « ${key} » : nombre invalide.`);
    const max = key.endsWith('Enc') ? MAX_DETAIL_CIPHERTEXT : MAX_DETAIL_TEXT;
    if (texts.some((t) => typeof t !== 'string' || t.length > max)) {
      throw new AuditInputError(`Détail « ${key} » : texte de ${MAX_DETAIL_TEXT} caractères au plus (jamais de contenu d’élève).`);
    }
  }
}

function checkEntry(entry: AuditEntryInput): void {
  if (!(AUDIT_ACTIONS as readonly string[]).includes(entry.action)) throw new AuditInputError(`Événement d’audit inconnu : ${entry.action}.`);
  const details = entry.details ?? {};
  checkDetails(details);
  if (entry.action === 'conversation.accessed') {
    const code = details.reasonCode;
    const text = details.reasonText;
    if (typeof code !== 'string' || !(ACCESS_REASONS as readonly string[]).includes(code)) {
      throw new AuditInputError('La consultation d’une conversation exige un motif choisi dans la liste.');
    }
    if (typeof text !== 'string' || text.trim().length < 3) throw new AuditInputError('La consultation d’une conversation exige un motif précisé en quelques mots.');
    if (!entry.subjectId) throw new AuditInputError('La consultation d’une conversation doit nommer l’élève concerné.');
  }
  // A written reason is encrypted for the person it is about: without one it would be stored in clear.
  if (details.reasonText !== undefined && !entry.subjectId) throw new AuditInputError('Un motif écrit doit nommer la personne concernée.');
}

function actorFields(actor: AuditActor): { actor_id: string | null; actor_role: string; school_id: string | null } {
  if (typeof actor === 'string') return { actor_id: null, actor_role: actor, school_id: null };
  return { actor_id: actor.id, actor_role: actor.role, school_id: actor.schoolId };
}

const roleLabel = (role: string) => ((ROLES as readonly string[]).includes(role) ? ROLE_LABELS_FR[role as Role] : role === 'cli' ? 'Administrateur du serveur' : role === 'system' ? 'Tâche automatique' : 'Inconnu');

function parseDetails(text: string): AuditDetails {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as AuditDetails) : {};
  } catch {
    return {};
  }
}

export interface AuditLogDeps {
  clock: Clock;
  /** Encrypts the staff's free-text reasons with the data key of the person they are about. */
  cipher: ContentCipher;
  /** Signs seals and checks them; without it seals are neither made nor trusted. */
  signer: Signer | null;
}

export function createAuditLog(db: Kysely<Database>, deps: AuditLogDeps) {
  const repo = createAuditRepo(db);
  const { clock, signer, cipher } = deps;

  /**
   * Staff write the reason about a pupil: it is encrypted with that pupil's data key, so erasing the pupil
   * erases it too. The chain hashes what is stored (the ciphertext), so it still verifies once the key is
   * destroyed. The AAD names a random reference kept in the same (hashed) details: the entry's seq is only
   * known inside the append transaction, and a key lookup must not run there.
   */
  async function encryptReason(entry: AuditEntryInput): Promise<AuditEntryInput> {
    const text = entry.details?.reasonText;
    if (typeof text !== 'string' || !entry.subjectId) return entry;
    const { reasonText: _clear, ...rest } = entry.details ?? {};
    const ref = randomUUID();
    try {
      const reasonTextEnc = await cipher.encrypt(entry.subjectId, reasonField(ref), text);
      return { ...entry, details: { ...rest, reasonTextRef: ref, reasonTextEnc } };
    } catch (error) {
      // The subject is already erased: its content, this reason included, is gone.
      if (error instanceof ShreddedKeyError) return { ...entry, details: { ...rest, reasonTextErased: true } };
      throw error;
    }
  }

  /** The clear reason of an entry: decrypted, or as stored by versions before encryption. */
  async function reasonTextOf(subjectId: string | null, details: AuditDetails): Promise<string | null> {
    if (typeof details.reasonText === 'string') return details.reasonText;
    if (typeof details.reasonTextEnc === 'string' && typeof details.reasonTextRef === 'string' && subjectId) {
      return cipher.decrypt(subjectId, reasonField(details.reasonTextRef), details.reasonTextEnc).catch(() => ERASED);
    }
    return details.reasonTextErased === true ? ERASED : null;
  }

  /** Details as people read them: the reason in clear, the storage fields left out. */
  async function readableDetails(subjectId: string | null, details: AuditDetails): Promise<AuditDetails> {
    if (details.reasonTextEnc === undefined && details.reasonTextErased === undefined) return details;
    const { reasonTextEnc: _enc, reasonTextRef: _ref, reasonTextErased: _erased, ...rest } = details;
    return { ...rest, reasonText: await reasonTextOf(subjectId, details) };
  }

  /** The row maker for an entry already checked (and its free text sealed). */
  function maker(entry: AuditEntryInput): MakeEntry {
    const fields = actorFields(entry.actor);
    const at = clock.now();
    return (seq, prevHash) => {
      const base = {
        seq,
        at,
        actor_id: fields.actor_id,
        actor_role: fields.actor_role,
        action: entry.action,
        target_type: entry.target?.type ?? null,
        target_id: entry.target?.id ?? null,
        school_id: entry.schoolId === undefined ? fields.school_id : entry.schoolId,
        subject_id: entry.subjectId ?? null,
        details: canonicalDetails(entry.details ?? {}),
        prev_hash: prevHash,
      };
      return { ...base, hash: entryHash(base) };
    };
  }

  async function record(entry: AuditEntryInput): Promise<RecordedEntry> {
    checkEntry(entry);
    const row = await repo.append(maker(await encryptReason(entry)));
    return { seq: row.seq, at: row.at, hash: row.hash };
  }

  async function verify(): Promise<AuditVerification> {
    const head = await repo.head();
    const seals = await repo.seals();
    const problems: AuditProblem[] = [];
    const report = (problem: AuditProblem) => {
      if (problems.length < MAX_PROBLEMS) problems.push(problem);
    };
    const sealBySeq = new Map(seals.map((s) => [s.seq, s]));
    const sealsSeen = new Set<number>();

    let expected = head.firstSeq;
    let prevHash = head.firstPrevHash;
    let checked = 0;
    for (;;) {
      const rows = await repo.entriesFrom(expected, VERIFY_BATCH);
      if (rows.length === 0) break;
      for (const row of rows) {
        let linkReported = false;
        if (row.seq > expected) {
          report({
            seq: row.seq,
            kind: 'missing',
            message:
              row.seq === expected + 1
                ? `L’entrée n° ${expected} a été supprimée (juste avant l’entrée n° ${row.seq}).`
                : `Les entrées n° ${expected} à ${row.seq - 1} ont été supprimées (juste avant l’entrée n° ${row.seq}).`,
          });
          linkReported = true;
        }
        if (entryHash(row) !== row.hash) {
          report({ seq: row.seq, kind: 'altered', message: `L’entrée n° ${row.seq} a été modifiée : son empreinte ne correspond plus à son contenu.` });
        } else if (!linkReported && row.prev_hash !== prevHash) {
          report({
            seq: row.seq,
            kind: 'broken_link',
            message: `L’entrée n° ${row.seq} ne suit pas l’entrée n° ${row.seq - 1} : l’une des deux a été modifiée, déplacée, ou une entrée a été insérée entre elles.`,
          });
        }
        const seal = sealBySeq.get(row.seq);
        if (seal) {
          sealsSeen.add(seal.seq);
          if (seal.hash !== row.hash) {
            report({ seq: row.seq, kind: 'seal_mismatch', message: `L’entrée n° ${row.seq} ne correspond plus au scellement signé du ${new Date(seal.at).toISOString()}.` });
          }
        }
        prevHash = row.hash;
        expected = row.seq + 1;
        checked += 1;
      }
    }
    const lastSeen = expected - 1;
    if (lastSeen < head.lastSeq) {
      report({
        seq: lastSeen + 1,
        kind: 'truncated',
        message: `Les dernières entrées (n° ${lastSeen + 1} à ${head.lastSeq}) ont disparu.`,
      });
    } else if (lastSeen > head.lastSeq) {
      report({ seq: head.lastSeq + 1, kind: 'head_mismatch', message: `Des entrées ont été ajoutées après la fin de la chaîne (à partir du n° ${head.lastSeq + 1}).` });
    } else if (prevHash !== head.lastHash) {
      report({ seq: head.lastSeq, kind: 'head_mismatch', message: `La fin de la chaîne ne correspond plus à l’entrée n° ${head.lastSeq}.` });
    }

    let validSeals = 0;
    for (const seal of seals) {
      const signed = signer?.verify(sealText(seal), seal.signature, seal.key_id) ?? false;
      if (signed) validSeals += 1;
      else report({ seq: seal.seq, kind: 'bad_seal', message: `Le scellement de l’entrée n° ${seal.seq} n’a pas une signature valide (clé ${seal.key_id}).` });
      if (seal.seq >= head.firstSeq && !sealsSeen.has(seal.seq)) {
        report({ seq: seal.seq, kind: 'truncated', message: `L’entrée n° ${seal.seq}, scellée le ${new Date(seal.at).toISOString()}, a disparu.` });
      }
    }

    if (head.firstSeq > 1) {
      // The start of the chain moves only by a retention cut, which records where it cut.
      const cuts = await repo.latestDetailsOf('retention.purged', 20);
      const recorded = cuts.map((c) => parseDetails(c.details).auditThroughSeq).find((v) => typeof v === 'number');
      if (recorded !== head.firstSeq - 1) {
        report({
          seq: head.firstSeq,
          kind: 'retention_mismatch',
          message: `La chaîne commence à l’entrée n° ${head.firstSeq} sans purge enregistrée jusque-là : des entrées anciennes ont été supprimées hors purge.`,
        });
      }
    }

    const lastSeal = seals.at(-1);
    return {
      ok: problems.length === 0,
      checkedEntries: checked,
      firstSeq: head.firstSeq,
      lastSeq: head.lastSeq,
      seals: { total: seals.length, valid: validSeals, lastSealedSeq: lastSeal?.seq ?? null, lastSealAt: lastSeal?.at ?? null },
      problems,
    };
  }

  async function seal(): Promise<{ seq: number; at: number } | null> {
    if (!signer) return null;
    const head = await repo.head();
    if (head.lastSeq === 0 || head.lastSeq < head.firstSeq) return null;
    const last = await repo.lastSeal();
    if (last && last.seq >= head.lastSeq) return null;
    const at = clock.now();
    const sealed = { seq: head.lastSeq, hash: head.lastHash, at };
    await repo.insertSeal({ ...sealed, key_id: signer.keyId, signature: signer.sign(sealText(sealed)) });
    return { seq: sealed.seq, at };
  }

  async function view(row: Awaited<ReturnType<typeof repo.list>>[number]): Promise<AuditEntryView> {
    return {
      seq: row.seq,
      at: row.at,
      actor: { id: row.actor_id, login: row.actor_login, name: row.actor_name, role: row.actor_role, roleLabel: roleLabel(row.actor_role) },
      action: row.action,
      actionLabel: AUDIT_ACTION_LABELS_FR[row.action as AuditAction] ?? row.action,
      target: row.target_type === null ? null : { type: row.target_type, id: row.target_id },
      subjectId: row.subject_id,
      details: await readableDetails(row.subject_id, parseDetails(row.details)),
    };
  }

  return {
    record,
    verify,
    seal,

    /** A page of entries for the DPO of a school (an académie admin may read every school). */
    async list(caller: Actor, query: { schoolId?: string; before?: number; action?: AuditAction; limit: number }) {
      const schoolId = caller.role === 'academie-admin' ? (query.schoolId ?? null) : caller.schoolId;
      if (caller.role !== 'academie-admin' && (schoolId === null || (query.schoolId !== undefined && query.schoolId !== schoolId))) {
        throw new HttpError(403, 'forbidden', 'Vous ne pouvez lire que le journal de votre établissement.');
      }
      authorize(caller, 'audit:read', { kind: 'school', id: schoolId ?? '' });
      const rows = await repo.list({ schoolId, beforeSeq: query.before, action: query.action, limit: query.limit + 1 });
      const page = await Promise.all(rows.slice(0, query.limit).map(view));
      return { entries: page, nextBefore: rows.length > query.limit ? (page.at(-1)?.seq ?? null) : null };
    },

    /** "Qui a consulté mes données": staff who opened this person's conversations, alerts or data, and why. */
    async accessLog(caller: Actor): Promise<AccessLogEntry[]> {
      const rows = await repo.listAboutSubject(caller.id, ACCESS_EVENTS, 500);
      return Promise.all(
        rows
          .filter((row) => row.actor_id !== caller.id)
          .map(async (row) => {
            const details = parseDetails(row.details);
            const code = typeof details.reasonCode === 'string' ? details.reasonCode : null;
            return {
              at: row.at,
              who: row.actor_name ?? (row.actor_role === 'cli' ? 'Administrateur du serveur' : 'Compte supprimé'),
              role: roleLabel(row.actor_role),
              action: row.action,
              actionLabel: AUDIT_ACTION_LABELS_FR[row.action as AuditAction] ?? row.action,
              reason: code === null ? null : (ACCESS_REASON_LABELS_FR[code as AccessReason] ?? code),
              reasonText: await reasonTextOf(caller.id, details),
            };
          }),
      );
    },

    /** Retention: how many entries older than the cutoff would go (dry run). */
    countBefore: (cutoffAt: number) => repo.countBefore(cutoffAt),

    /** Retention: removes the entries older than the cutoff and records the cut (counts only) in the chain. */
    cutBefore: (cutoffAt: number, actor: AuditActor) =>
      repo.cutBefore(cutoffAt, (cut) =>
        maker({
          actor,
          action: 'retention.purged',
          target: { type: 'audit_log', id: null },
          schoolId: null,
          details: { category: 'audit', auditEntries: cut.deleted, auditThroughSeq: cut.throughSeq },
        }),
      ),
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
