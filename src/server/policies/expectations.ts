// Who may succeed on each route, on whose objects: the declared truth the authorization matrix
// (test/security/authz-matrix.test.ts) checks every route of the route table against. A route without a
// line here fails that test, and so does any 2xx the table does not allow.
//
// Objects are placed relative to the person calling. Every role's reference person sits in school A,
// class 1, slot "a" (a pupil and a teacher per slot, a school admin and a DPO per school, one académie
// admin). The scope names the slot an object belongs to:
//   own          slot A1a: the pupil's own conversation, alert, rights request; the assignment and live
//                session of the teacher of that slot; class A1; school A; for accounts, the caller itself
//   otherPupil   slot A1b: another pupil (and teacher) of the same class
//   otherClass   slot A2a: the same school, another class
//   otherSchool  slot B1a: another school
import type { Role } from '../../shared/roles.ts';

export const SCOPES = ['own', 'otherPupil', 'otherClass', 'otherSchool'] as const;
export type Scope = (typeof SCOPES)[number];

/** What the object a route acts on is; `none` for routes about the caller alone (or lists). */
export type TargetKind = 'none' | 'conversation' | 'assignment' | 'live-session' | 'class' | 'school' | 'user' | 'alert' | 'rights-request';

export interface RouteExpectation {
  target: TargetKind;
  /** Anyone may call it, signed in or not; any status but a 5xx is fine. */
  public?: true;
  /** Called server to server (no browser, no cookie): the origin check is off, so it must need no session. */
  serverToServer?: true;
  /** Roles that get a 2xx, and on which objects; every other role and object must not get one. */
  allow: Partial<Record<Role, readonly Scope[]>>;
}

const SCHOOL: readonly Scope[] = ['own', 'otherPupil', 'otherClass'];
const CLASS: readonly Scope[] = ['own', 'otherPupil'];
const ALL: readonly Scope[] = SCOPES;
const OWN: readonly Scope[] = ['own'];
/** For routes without a target the scope list only says "allowed": the request is the same for each. */
const YES = OWN;

const pub = (target: TargetKind = 'none'): RouteExpectation => ({ target, public: true, allow: {} });

/** Keyed by `METHOD url` as in app.routeTable; HEAD follows GET. */
export const ROUTE_EXPECTATIONS: Readonly<Record<string, RouteExpectation>> = {
  'GET /healthz': pub(),
  'GET /readyz': pub(),
  'POST /api/auth/login': pub(),
  'POST /api/setup': pub(),
  'GET /api/auth/sso/providers': pub(),
  'GET /api/auth/cas/:provider/login': pub(),
  'GET /api/auth/cas/:provider/callback': pub(),
  'POST /api/auth/cas/:provider/logout': { ...pub(), serverToServer: true },
  'POST /api/auth/cas/:provider/callback': { ...pub(), serverToServer: true },
  'GET /api/auth/oidc/:provider/login': pub(),
  'GET /api/auth/oidc/:provider/callback': pub(),
  'GET /api/auth/saml/:provider/login': pub(),
  'GET /api/auth/saml/:provider/metadata': pub(),
  // The IdP's page posts the response from the IdP's origin: the signed assertion is the proof, not a session.
  'POST /api/auth/saml/:provider/acs': { ...pub(), serverToServer: true },

  'POST /api/auth/logout': { target: 'none', allow: { pupil: YES, teacher: YES, 'school-admin': YES, dpo: YES, 'academie-admin': YES } },
  'GET /api/me': { target: 'none', allow: { pupil: YES, teacher: YES, 'school-admin': YES, dpo: YES, 'academie-admin': YES } },

  'GET /api/schools': { target: 'none', allow: { 'school-admin': YES, 'academie-admin': YES } },
  // A school admin already attached to a school never adds another; only the académie does.
  'POST /api/schools': { target: 'none', allow: { 'academie-admin': YES } },
  'GET /api/classes': { target: 'school', allow: { 'school-admin': SCHOOL, 'academie-admin': ALL } },
  'POST /api/classes': { target: 'school', allow: { 'school-admin': SCHOOL, 'academie-admin': ALL } },
  'GET /api/users': { target: 'none', allow: { 'school-admin': YES, 'academie-admin': YES } },
  'POST /api/users': { target: 'class', allow: { 'school-admin': SCHOOL, 'academie-admin': ALL } },
  // Nobody disables or re-enables their own account.
  'POST /api/users/:id/disable': { target: 'user', allow: { 'school-admin': ['otherPupil', 'otherClass'], 'academie-admin': ['otherPupil', 'otherClass', 'otherSchool'] } },
  'POST /api/users/:id/enable': { target: 'user', allow: { 'school-admin': ['otherPupil', 'otherClass'], 'academie-admin': ['otherPupil', 'otherClass', 'otherSchool'] } },
  // One-time reset links: whoever manages the account, never for oneself; using a link needs no session.
  'POST /api/users/:id/password-reset': { target: 'user', allow: { 'school-admin': ['otherPupil', 'otherClass'], 'academie-admin': ['otherPupil', 'otherClass', 'otherSchool'] } },
  'GET /api/password-resets/:token': pub(),
  'POST /api/password-resets/:token': pub(),

  'GET /api/conversations': { target: 'none', allow: { pupil: YES } },
  'POST /api/conversations': { target: 'none', allow: { pupil: YES } },
  'GET /api/conversations/:id': { target: 'conversation', allow: { pupil: OWN } },
  'POST /api/conversations/:id/messages': { target: 'conversation', allow: { pupil: OWN } },
  'POST /api/conversations/:id/messages/:messageId/report': { target: 'conversation', allow: { pupil: OWN } },
  // Staff read a transcript only with a reason; a teacher only for pupils of its classes; never the académie.
  'POST /api/staff/conversations/:id/transcript': { target: 'conversation', allow: { teacher: CLASS, 'school-admin': SCHOOL, dpo: SCHOOL } },

  'GET /api/assignments': { target: 'none', allow: { pupil: YES, teacher: YES } },
  'GET /api/assignments/usage': { target: 'none', allow: { pupil: YES, teacher: YES } },
  // A teacher opens assignments for the classes it teaches only.
  'POST /api/assignments': { target: 'class', allow: { teacher: CLASS } },
  'GET /api/assignments/:id': { target: 'assignment', allow: { pupil: CLASS, teacher: CLASS, 'school-admin': SCHOOL, 'academie-admin': ALL } },
  'PATCH /api/assignments/:id': { target: 'assignment', allow: { teacher: OWN, 'school-admin': SCHOOL, 'academie-admin': ALL } },
  'POST /api/assignments/:id/tutor': { target: 'assignment', allow: { teacher: OWN, 'school-admin': SCHOOL, 'academie-admin': ALL } },
  // Course documents: managed like the assignment itself; pupils only see the sources cited in answers.
  'GET /api/assignments/:id/documents': { target: 'assignment', allow: { teacher: OWN, 'school-admin': SCHOOL, 'academie-admin': ALL } },
  'POST /api/assignments/:id/documents': { target: 'assignment', allow: { teacher: OWN, 'school-admin': SCHOOL, 'academie-admin': ALL } },
  'DELETE /api/assignments/:id/documents/:documentId': { target: 'assignment', allow: { teacher: OWN, 'school-admin': SCHOOL, 'academie-admin': ALL } },

  'POST /api/classes/:id/tutor': { target: 'class', allow: { teacher: CLASS, 'school-admin': SCHOOL, 'academie-admin': ALL } },
  'POST /api/live-sessions': { target: 'class', allow: { teacher: CLASS, 'school-admin': SCHOOL, 'academie-admin': ALL } },
  'POST /api/live-sessions/:id/end': { target: 'live-session', allow: { teacher: CLASS, 'school-admin': SCHOOL, 'academie-admin': ALL } },
  'GET /api/live-sessions/current': { target: 'class', allow: { teacher: CLASS, 'school-admin': SCHOOL, 'academie-admin': ALL } },
  'GET /api/me/tutor-status': { target: 'none', allow: { pupil: YES } },

  'GET /api/schools/:id/settings': { target: 'school', allow: { 'school-admin': SCHOOL, dpo: SCHOOL, 'academie-admin': ALL } },
  'PUT /api/schools/:id/settings/:key': { target: 'school', allow: { 'school-admin': SCHOOL, 'academie-admin': ALL } },
  'POST /api/schools/:id/roster/preview': { target: 'school', allow: { 'school-admin': SCHOOL, 'academie-admin': ALL } },
  'POST /api/schools/:id/roster/import': { target: 'school', allow: { 'school-admin': SCHOOL, 'academie-admin': ALL } },
  'GET /api/admin/status': { target: 'none', allow: { 'school-admin': YES, 'academie-admin': YES } },
  // Counts and timings only; a scraper without a session uses the loopback metrics port instead.
  'GET /metrics': { target: 'none', allow: { 'school-admin': YES, 'academie-admin': YES } },

  // Model catalogue: the académie describes the installation's models and allows them per school; a school
  // admin sees its school's models and chooses them for its school and classes, never another school's.
  'GET /api/models': { target: 'none', allow: { 'school-admin': YES, 'academie-admin': YES } },
  'GET /api/models/files': { target: 'none', allow: { 'academie-admin': YES } },
  'POST /api/models': { target: 'none', allow: { 'academie-admin': YES } },
  'PATCH /api/models/:id': { target: 'none', allow: { 'academie-admin': YES } },
  'DELETE /api/models/:id': { target: 'none', allow: { 'academie-admin': YES } },
  'GET /api/schools/:id/models': { target: 'school', allow: { 'school-admin': SCHOOL, 'academie-admin': ALL } },
  'PUT /api/schools/:id/models/allowed': { target: 'school', allow: { 'academie-admin': ALL } },
  'PUT /api/schools/:id/model': { target: 'school', allow: { 'school-admin': SCHOOL, 'academie-admin': ALL } },
  'PUT /api/classes/:id/model': { target: 'class', allow: { 'school-admin': SCHOOL, 'academie-admin': ALL } },

  // Alerts: the school's direction and the staff it designates (nobody is designated in the matrix's world).
  'GET /api/alerts': { target: 'none', allow: { 'school-admin': YES } },
  'GET /api/alerts/:id': { target: 'alert', allow: { 'school-admin': SCHOOL } },
  'PATCH /api/alerts/:id': { target: 'alert', allow: { 'school-admin': SCHOOL } },

  'GET /api/gdpr/register': { target: 'school', allow: { 'school-admin': SCHOOL, dpo: SCHOOL, 'academie-admin': ALL } },
  'GET /api/gdpr/aipd': { target: 'school', allow: { 'school-admin': SCHOOL, dpo: SCHOOL, 'academie-admin': ALL } },
  'GET /api/gdpr/notice': { target: 'school', allow: { pupil: SCHOOL, teacher: SCHOOL, 'school-admin': SCHOOL, dpo: SCHOOL, 'academie-admin': ALL } },
  // The académie admin belongs to no school, so it has no notice of its own to acknowledge.
  'POST /api/me/notice-read': { target: 'none', allow: { pupil: YES, teacher: YES, 'school-admin': YES, dpo: YES } },
  'GET /api/gdpr/settings': { target: 'school', allow: { 'school-admin': SCHOOL, dpo: SCHOOL, 'academie-admin': ALL } },
  'PUT /api/gdpr/settings': { target: 'school', allow: { 'school-admin': SCHOOL, 'academie-admin': ALL } },
  'GET /api/audit': { target: 'school', allow: { dpo: SCHOOL, 'academie-admin': ALL } },
  'GET /api/audit/verify': { target: 'none', allow: { 'school-admin': YES, dpo: YES, 'academie-admin': YES } },
  'GET /api/me/access-log': { target: 'none', allow: { pupil: YES, teacher: YES, 'school-admin': YES, dpo: YES, 'academie-admin': YES } },
  'GET /api/me/export': { target: 'none', allow: { pupil: YES, teacher: YES, 'school-admin': YES, dpo: YES, 'academie-admin': YES } },
  'POST /api/me/rights-requests': { target: 'none', allow: { pupil: YES } },
  'GET /api/me/rights-requests': { target: 'none', allow: { pupil: YES } },
  'GET /api/gdpr/requests': { target: 'none', allow: { dpo: YES } },
  'POST /api/gdpr/requests/:id/decision': { target: 'rights-request', allow: { dpo: SCHOOL } },
  'POST /api/gdpr/requests/:id/extend': { target: 'rights-request', allow: { dpo: SCHOOL } },
};

/** The expectation of a route of the route table (HEAD answers as GET does), or undefined. */
export function expectationOf(method: string, url: string): RouteExpectation | undefined {
  const key = `${method === 'HEAD' ? 'GET' : method} ${url}`;
  return Object.hasOwn(ROUTE_EXPECTATIONS, key) ? ROUTE_EXPECTATIONS[key] : undefined;
}
