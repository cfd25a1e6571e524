// Shapes and paths of the GDPR API (src/server/modules/gdpr/gdpr.routes.ts), for the DPO's, the head's
// and the pupil's pages.

export type DocumentKind = 'register' | 'aipd';
export type NoticeAudience = 'pupil' | 'full';

/** GET /api/gdpr/register|aipd (JSON). */
export interface GeneratedDocumentView {
  kind: string;
  title: string;
  version: string;
  markdown: string;
}

/** GET /api/gdpr/notice (JSON): `read` says whether this person already read this version. */
export interface NoticeView extends GeneratedDocumentView {
  read: boolean;
}

export type AuditDetailValue = string | number | boolean | null | string[];

export interface AuditEntry {
  seq: number;
  at: number;
  actor: { id: string | null; login: string | null; name: string | null; role: string; roleLabel: string };
  action: string;
  actionLabel: string;
  target: { type: string; id: string | null } | null;
  subjectId: string | null;
  details: Record<string, AuditDetailValue>;
}

/** GET /api/audit */
export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; null at the start of the log. */
  nextBefore: number | null;
}

/** GET /api/audit/verify */
export interface AuditVerification {
  ok: boolean;
  checkedEntries: number;
  firstSeq: number;
  lastSeq: number;
  seals: { total: number; valid: number; lastSealedSeq: number | null; lastSealAt: number | null };
  problems: { seq: number | null; kind: string; message: string }[];
}

/** GET /api/me/access-log → { entries } */
export type { AccessLogEntry } from '../../shared/audit.ts';

export const RIGHTS_KINDS = ['access', 'rectification', 'restriction', 'objection', 'erasure'] as const;
export type RightsKind = (typeof RIGHTS_KINDS)[number];
export type RightsState = 'received' | 'in_progress' | 'extended' | 'granted' | 'refused';

export interface RightsRequest {
  id: string;
  kind: RightsKind;
  kindLabel: string;
  state: RightsState;
  stateLabel: string;
  receivedAt: number;
  dueAt: number;
  overdue: boolean;
  details: string | null;
  decidedAt: number | null;
  decisionReason: string | null;
  /** Only in the DPO's queue. */
  pupil?: { id: string; login: string | null; name: string | null };
}

export const OPEN_RIGHTS_STATES: readonly RightsState[] = ['received', 'in_progress', 'extended'];

/** GET/PUT /api/gdpr/settings */
export type { GdprSettings } from '../../shared/audit.ts';

/** Event names of the audit log, for the DPO's filter. */
export { AUDIT_ACTIONS } from '../../shared/audit.ts';

/** Adds `?school=` for an académie administrator, who works on one school at a time. */
function withSchool(path: string, schoolId: string | null, more: Record<string, string> = {}): string {
  const params = new URLSearchParams(schoolId ? { school: schoolId, ...more } : more);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

export const gdprPaths = {
  document: (kind: DocumentKind, schoolId: string | null, format?: 'pdf' | 'md') =>
    withSchool(`/api/gdpr/${kind}`, schoolId, format ? { format } : {}),
  notice: (schoolId: string | null, audience?: NoticeAudience, format?: 'pdf' | 'md') =>
    withSchool('/api/gdpr/notice', schoolId, { ...(audience ? { audience } : {}), ...(format ? { format } : {}) }),
  settings: (schoolId: string | null) => withSchool('/api/gdpr/settings', schoolId),
  audit: (schoolId: string | null, query: { before?: number; action?: string; limit?: number }) =>
    withSchool('/api/audit', schoolId, {
      limit: String(query.limit ?? 50),
      ...(query.before !== undefined ? { before: String(query.before) } : {}),
      ...(query.action ? { action: query.action } : {}),
    }),
  auditVerify: () => '/api/audit/verify',
  requests: () => '/api/gdpr/requests',
  decide: (id: string) => `/api/gdpr/requests/${encodeURIComponent(id)}/decision`,
  extend: (id: string) => `/api/gdpr/requests/${encodeURIComponent(id)}/extend`,
  accessLog: () => '/api/me/access-log',
  export: (format: 'json' | 'pdf') => (format === 'pdf' ? '/api/me/export?format=pdf' : '/api/me/export'),
  myRequests: () => '/api/me/rights-requests',
  noticeRead: () => '/api/me/notice-read',
};
