// What the audit log and the GDPR pages exchange: event names, the pupil's access log, the school's GDPR
// settings. Shared by the server (which records and serves them) and the web pages (which show them).

export const AUDIT_ACTIONS = [
  'login.success',
  'login.failure',
  'logout',
  'user.created',
  'user.disabled',
  'user.enabled',
  'user.left',
  'user.erased',
  'role.changed',
  'school.created',
  'class.created',
  'settings.changed',
  'conversation.accessed',
  'export.created',
  'retention.purged',
  'alert.opened',
  'rights.requested',
  'rights.decided',
  'keys.rotated',
  'document.generated',
  'notice.read',
  'course-document.added',
  'course-document.deleted',
  'password.reset-link',
  'password.reset',
] as const;

/** One line of "Qui a consulté mes données" (GET /api/me/access-log). */
export interface AccessLogEntry {
  at: number;
  who: string;
  role: string;
  action: string;
  actionLabel: string;
  reason: string | null;
  reasonText: string | null;
}

/** A school's GDPR settings (GET/PUT /api/gdpr/settings). */
export interface GdprSettings {
  /** null: conversations are kept until the end of the school year (deleted on 1 September, Paris time). */
  conversationDays: number | null;
  auditMonths: number;
  leftPupilMonths: number;
  /** Safety alerts (excerpt and staff note) are deleted this many months after they were raised. */
  alertMonths: number;
  headName: string | null;
  schoolAddress: string | null;
  dpoName: string | null;
  dpoEmail: string | null;
  dpoPhone: string | null;
  dpoAddress: string | null;
}
