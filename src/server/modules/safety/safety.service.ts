// Safety of minors on the message path: moderation of what the pupil writes, masking of personal data
// before storage, care for a pupil in distress, and alerts to the school's designated staff.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { ContentCipher } from '../../crypto/content-cipher.ts';
import type { AlertsTable } from '../../db/schema.ts';
import { HttpError, notFound } from '../../http/errors.ts';
import { authorize } from '../../policies/authorize.ts';
import type { Actor } from '../../policies/policies.ts';
import type { Category } from '../moderation/categories.ts';
import { classify } from '../moderation/classify.ts';
import { decideAction, type ModerationAction } from '../moderation/actions.ts';
import { redact } from '../pii/redact.ts';
import type { RosterEntry } from '../pii/roster.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import type { AlertsRepo } from './alerts.repo.ts';
import { careMessage, type CareMessage } from './care-message.ts';

export interface Screening {
  action: ModerationAction;
  categories: Category[];
  /** What is stored and shown to staff: personal data masked. */
  storedText: string;
  /** What the local model reads: the original only when the school allows it. */
  modelText: string;
  /** Shown to the pupil at once (help numbers, school contacts), or null. */
  care: CareMessage | null;
}

export interface AlertInput {
  schoolId: string;
  classId: string | null;
  pupilId: string;
  conversationId: string | null;
  messageId: string | null;
  source: AlertsTable['source'];
  categories: readonly string[];
  /** Already redacted: the flagged message and its immediate context. */
  excerpt: string;
}

export interface AlertSummary {
  id: string;
  categories: string[];
  source: string;
  state: AlertsTable['state'];
  createdAt: number;
  updatedAt: number;
  pupilName: string;
  className: string | null;
}

const ROSTER_TTL_MS = 60_000;

export function createSafetyService(deps: {
  alerts: AlertsRepo;
  settings: SettingsService;
  cipher: ContentCipher;
  clock: Clock;
  /** Called after an alert is stored (audit, notifications); never receives content. */
  onAlert?: (alert: { id: string; schoolId: string; categories: readonly string[] }) => Promise<void>;
  /** Called when a member of staff opens an alert: opening is audited and visible to the pupil. */
  onOpen?: (event: { actor: Actor; alertId: string; schoolId: string; pupilId: string }) => Promise<void>;
}) {
  const { alerts, settings, cipher, clock } = deps;
  const rosters = new Map<string, { at: number; entries: RosterEntry[] }>();

  async function roster(schoolId: string): Promise<RosterEntry[]> {
    const cached = rosters.get(schoolId);
    if (cached && clock.now() - cached.at < ROSTER_TTL_MS) return cached.entries;
    const entries = (await alerts.pupilNames(schoolId)).flatMap(({ display_name }) => {
      const [firstName, ...rest] = display_name.trim().split(/\s+/);
      return firstName && rest.length > 0 ? [{ firstName, lastName: rest.join(' ') }] : [];
    });
    rosters.set(schoolId, { at: clock.now(), entries });
    return entries;
  }

  async function loadForStaff(actor: Actor, id: string) {
    const alert = await alerts.find(id);
    if (!alert) throw notFound('Alerte introuvable.');
    const staff = (await settings.effective(alert.school_id)).alertStaff;
    authorize(actor, 'alert:handle', { kind: 'alert', schoolId: alert.school_id, designatedLogins: staff }, true);
    return alert;
  }

  return {
    async screenInput(schoolId: string, text: string): Promise<Screening> {
      const effective = await settings.effective(schoolId);
      const result = classify(text, { author: 'pupil' });
      const action = decideAction(result.categories, effective.moderationActions, { pupilHarassed: result.pupilHarassed });
      const { redacted } = redact(text, { roster: await roster(schoolId) });
      const distress = result.categories.includes('self_harm') || result.categories.includes('abuse') || result.pupilHarassed;
      return {
        action,
        categories: result.categories,
        storedText: redacted,
        modelText: effective.piiToModel ? text : redacted,
        care: distress || action === 'escalate' ? careMessage(result.categories, result.pupilHarassed, effective.schoolContacts) : null,
      };
    },

    /** Masks personal data in text produced by the model before it is stored (it may repeat the pupil's). */
    async redactForStorage(schoolId: string, text: string): Promise<string> {
      return redact(text, { roster: await roster(schoolId) }).redacted;
    },

    async raiseAlert(input: AlertInput): Promise<string> {
      const id = randomUUID();
      const now = clock.now();
      await alerts.insert({
        id,
        school_id: input.schoolId,
        class_id: input.classId,
        pupil_id: input.pupilId,
        conversation_id: input.conversationId,
        message_id: input.messageId,
        source: input.source,
        categories: input.categories.join(','),
        excerpt_enc: await cipher.encrypt(input.pupilId, { table: 'alerts', column: 'excerpt', rowId: id }, input.excerpt),
        state: 'new',
        note_enc: null,
        created_at: now,
        updated_at: now,
        updated_by: null,
      });
      await deps.onAlert?.({ id, schoolId: input.schoolId, categories: input.categories });
      return id;
    },

    async list(actor: Actor): Promise<AlertSummary[]> {
      const schoolId = actor.schoolId ?? '';
      const staff = (await settings.effective(schoolId)).alertStaff;
      authorize(actor, 'alert:handle', { kind: 'alert', schoolId, designatedLogins: staff });
      return (await alerts.listForSchool(schoolId)).map((a) => ({
        id: a.id,
        categories: a.categories.split(',').filter(Boolean),
        source: a.source,
        state: a.state,
        createdAt: a.created_at,
        updatedAt: a.updated_at,
        pupilName: a.pupilName,
        className: a.className,
      }));
    },

    /** Opening an alert shows its excerpt (the minimum needed) and marks it seen. */
    async open(actor: Actor, id: string) {
      const alert = await loadForStaff(actor, id);
      // Recorded before anything is shown, so no opening escapes the log.
      await deps.onOpen?.({ actor, alertId: id, schoolId: alert.school_id, pupilId: alert.pupil_id });
      const excerpt = await cipher.decrypt(alert.pupil_id, { table: 'alerts', column: 'excerpt', rowId: id }, alert.excerpt_enc);
      const note = alert.note_enc ? await cipher.decrypt(alert.pupil_id, { table: 'alerts', column: 'note', rowId: id }, alert.note_enc) : null;
      if (alert.state === 'new') await alerts.update(id, { state: 'seen', updated_at: clock.now(), updated_by: actor.id });
      return { id, categories: alert.categories.split(',').filter(Boolean), source: alert.source, state: alert.state === 'new' ? 'seen' : alert.state, excerpt, note, createdAt: alert.created_at };
    },

    async update(actor: Actor, id: string, change: { state: AlertsTable['state']; note?: string }): Promise<void> {
      const alert = await loadForStaff(actor, id);
      const noteEnc = change.note === undefined ? undefined : await cipher.encrypt(alert.pupil_id, { table: 'alerts', column: 'note', rowId: id }, change.note);
      await alerts.update(id, { state: change.state, ...(noteEnc === undefined ? {} : { note_enc: noteEnc }), updated_at: clock.now(), updated_by: actor.id });
    },

    assertReportable(text: string): void {
      if (text.length > 1000) throw new HttpError(400, 'invalid_input', '1000 caractères au maximum.');
    },
  };
}

export type SafetyService = ReturnType<typeof createSafetyService>;
