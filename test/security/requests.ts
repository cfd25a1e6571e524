// A valid-looking request for every route of the route table, aimed at the target the expectations name:
// the authorization matrix, the mass-assignment check, the CSRF check and the fuzzer all start from these.
// A route without a builder here fails those suites, like a route without an expectation.
import type { FastifyInstance } from 'fastify';
import type { Scope } from '../../src/server/policies/expectations.ts';
import { expectationOf } from '../../src/server/policies/expectations.ts';
import { TEST_ORIGIN } from '../../src/server/testing/test-app.ts';
import { schoolOfClass, targetId, type Caller, type World } from './world.ts';

export interface RequestSpec {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** Query string parameters (also where the fuzzer puts its strings). */
  query?: Record<string, string>;
  /** JSON body; undefined for none. */
  payload?: Record<string, unknown>;
  /** Sign in again for this request: the route ends the session it is called with (logout). */
  freshSession?: boolean;
  /** The route reads no body at all (nothing to be strict about). */
  noBody?: boolean;
}

export interface BuildContext {
  world: World;
  caller: Caller;
  scope: Scope;
  /** The id of the route's target for this caller and scope ('' for routes without one). */
  id: string;
  /** A value never returned before in this process (logins, UAI, names). */
  unique: () => string;
  /** GET as the caller (for values a request must echo, like the notice version). */
  getJson: (url: string) => Promise<unknown>;
}

type Builder = (ctx: BuildContext) => Omit<RequestSpec, 'method'> | Promise<Omit<RequestSpec, 'method'>>;

let counter = 0;
const unique = () => `${process.pid.toString(36)}${(counter += 1).toString(36)}`;
/** A UAI (7 digits and a letter) unique in this process. */
const uniqueUai = () => `${String(5_000_000 + ((process.pid * 131 + (counter += 1)) % 4_999_999)).padStart(7, '0')}Z`;

const schoolQuery = (ctx: BuildContext) => ({ school: ctx.id });
const HOUR = 3600_000;

const BUILDERS: Record<string, Builder> = {
  'GET /healthz': () => ({ url: '/healthz', noBody: true }),
  'GET /readyz': () => ({ url: '/readyz', noBody: true }),
  'POST /api/auth/login': () => ({ url: '/api/auth/login', payload: { login: 'personne-inconnue', password: 'pas-le-bon-mot-de-passe' } }),
  'POST /api/setup': (c) => ({ url: '/api/setup', payload: { token: 'x'.repeat(43), login: `admin-${c.unique()}`, displayName: 'Admin', password: 'Mot-de-passe-assez-long-2026' } }),
  'GET /api/auth/sso/providers': () => ({ url: '/api/auth/sso/providers' }),
  'GET /api/auth/cas/:provider/login': () => ({ url: '/api/auth/cas/ent/login' }),
  'GET /api/auth/cas/:provider/callback': () => ({ url: '/api/auth/cas/ent/callback', query: { state: 's'.repeat(32), ticket: 'ST-1' } }),
  'POST /api/auth/cas/:provider/logout': () => ({ url: '/api/auth/cas/ent/logout', payload: { logoutRequest: '<samlp:LogoutRequest/>' } }),
  'POST /api/auth/cas/:provider/callback': () => ({ url: '/api/auth/cas/ent/callback', payload: { logoutRequest: '<samlp:LogoutRequest/>' } }),
  'GET /api/auth/oidc/:provider/login': () => ({ url: '/api/auth/oidc/academie/login' }),
  'GET /api/auth/oidc/:provider/callback': () => ({ url: '/api/auth/oidc/academie/callback', query: { code: 'c', state: 's' } }),
  'GET /api/auth/saml/:provider/login': () => ({ url: '/api/auth/saml/educonnect/login' }),
  'GET /api/auth/saml/:provider/metadata': () => ({ url: '/api/auth/saml/educonnect/metadata' }),
  'POST /api/auth/saml/:provider/acs': () => ({ url: '/api/auth/saml/educonnect/acs', payload: { SAMLResponse: Buffer.from('<samlp:Response/>').toString('base64') } }),

  'POST /api/auth/logout': () => ({ url: '/api/auth/logout', freshSession: true, noBody: true }),
  'GET /api/me': () => ({ url: '/api/me' }),

  'GET /api/schools': () => ({ url: '/api/schools' }),
  'POST /api/schools': (c) => ({ url: '/api/schools', payload: { uai: uniqueUai(), name: `Collège ${c.unique()}` } }),
  'GET /api/classes': (c) => ({ url: '/api/classes', query: { schoolId: c.id } }),
  'POST /api/classes': (c) => ({ url: '/api/classes', payload: { schoolId: c.id, name: `Classe ${c.unique()}`, level: '3e' } }),
  'GET /api/users': () => ({ url: '/api/users' }),
  'POST /api/users': (c) => ({
    url: '/api/users',
    payload: { login: `nouveau-${c.unique()}`, displayName: 'Nouvel élève', role: 'pupil', schoolId: schoolOfClass(c.world, c.id), classIds: [c.id], password: 'Mot-de-passe-assez-long-2026' },
  }),
  'POST /api/users/:id/disable': (c) => ({ url: `/api/users/${c.id}/disable`, noBody: true }),
  'POST /api/users/:id/enable': (c) => ({ url: `/api/users/${c.id}/enable`, noBody: true }),
  'POST /api/users/:id/password-reset': (c) => ({ url: `/api/users/${c.id}/password-reset`, noBody: true }),
  'GET /api/password-resets/:token': () => ({ url: `/api/password-resets/${'t'.repeat(43)}` }),
  'POST /api/password-resets/:token': () => ({ url: `/api/password-resets/${'t'.repeat(43)}`, payload: { password: 'Un-nouveau-mot-de-passe-2026' } }),

  'GET /api/conversations': () => ({ url: '/api/conversations' }),
  'POST /api/conversations': () => ({ url: '/api/conversations', payload: { subject: 'mathematiques' } }),
  'GET /api/conversations/:id': (c) => ({ url: `/api/conversations/${c.id}` }),
  'POST /api/conversations/:id/messages': (c) => ({ url: `/api/conversations/${c.id}/messages`, payload: { text: 'Et 3 + 3 ?' } }),
  'POST /api/conversations/:id/messages/:messageId/report': (c) => {
    const slot = Object.values(c.world.slots).find((s) => s.conversationId === c.id);
    return { url: `/api/conversations/${c.id}/messages/${slot?.tutorMessageId ?? ''}/report`, payload: { reason: 'Réponse bizarre' } };
  },
  'POST /api/staff/conversations/:id/transcript': (c) => ({
    url: `/api/staff/conversations/${c.id}/transcript`,
    payload: { reasonCode: 'safety_alert', reasonText: 'Vérification demandée par la CPE' },
  }),

  'GET /api/assignments': () => ({ url: '/api/assignments' }),
  'GET /api/assignments/usage': () => ({ url: '/api/assignments/usage' }),
  'POST /api/assignments': (c) => ({
    url: '/api/assignments',
    payload: { title: `Devoir ${c.unique()}`, subject: 'francais', statement: 'Commentez ce texte.', modes: ['guidage'], classIds: [c.id], opensAt: Date.now() - HOUR, closesAt: Date.now() + 24 * HOUR },
  }),
  'GET /api/assignments/:id': (c) => ({ url: `/api/assignments/${c.id}` }),
  'PATCH /api/assignments/:id': (c) => ({ url: `/api/assignments/${c.id}`, payload: { title: 'Devoir renommé' } }),
  'POST /api/assignments/:id/tutor': (c) => ({ url: `/api/assignments/${c.id}/tutor`, payload: { enabled: true } }),
  'GET /api/assignments/:id/documents': (c) => ({ url: `/api/assignments/${c.id}/documents` }),
  // The body is the file itself (a short Markdown text, here sent as JSON bytes), not an object of fields:
  // extra "fields" are more text of the file. Unique content, so repeated calls are no duplicates.
  'POST /api/assignments/:id/documents': (c) => ({
    url: `/api/assignments/${c.id}/documents`,
    query: { name: `cours-${c.unique()}.md` },
    payload: { cours: `Chapitre ${c.unique()} : la photosynthèse transforme la lumière en énergie.` },
    noBody: true,
  }),
  // A document of the target assignment when the caller can list them; deleting is idempotent otherwise.
  'DELETE /api/assignments/:id/documents/:documentId': async (c) => {
    const listed = c.caller === 'anonymous' ? undefined : ((await c.getJson(`/api/assignments/${c.id}/documents`)) as { id: string }[] | undefined);
    return { url: `/api/assignments/${c.id}/documents/${listed?.[0]?.id ?? '00000000-0000-4000-8000-000000000000'}`, noBody: true };
  },

  'POST /api/classes/:id/tutor': (c) => ({ url: `/api/classes/${c.id}/tutor`, payload: { enabled: true } }),
  'POST /api/live-sessions': (c) => ({ url: '/api/live-sessions', payload: { classId: c.id, durationMinutes: 30 } }),
  'POST /api/live-sessions/:id/end': (c) => ({ url: `/api/live-sessions/${c.id}/end`, noBody: true }),
  'GET /api/live-sessions/current': (c) => ({ url: '/api/live-sessions/current', query: { classId: c.id } }),
  'GET /api/me/tutor-status': () => ({ url: '/api/me/tutor-status' }),

  'GET /api/schools/:id/settings': (c) => ({ url: `/api/schools/${c.id}/settings` }),
  // The value the world already has: the matrix must not change what other requests rely on.
  'PUT /api/schools/:id/settings/:key': (c) => ({ url: `/api/schools/${c.id}/settings/quota-day`, payload: { value: '40' } }),
  'POST /api/schools/:id/roster/preview': (c) => ({ url: `/api/schools/${c.id}/roster/preview`, payload: { csv: rosterCsv(c.unique()), partial: true } }),
  // Partial: a file naming one new pupil marks nobody as having left.
  'POST /api/schools/:id/roster/import': (c) => ({ url: `/api/schools/${c.id}/roster/import`, payload: { csv: rosterCsv(c.unique()), partial: true } }),
  'GET /api/admin/status': () => ({ url: '/api/admin/status' }),
  'GET /metrics': () => ({ url: '/metrics' }),

  'GET /api/models': () => ({ url: '/api/models' }),
  'GET /api/models/files': () => ({ url: '/api/models/files' }),
  // A model name of the OpenAI-compatible servers: registering it needs no file on the test machine.
  'POST /api/models': (c) => ({ url: '/api/models', payload: { kind: 'openai', modelName: `modele-${c.unique()}`, name: `Modèle ${c.unique()}`, licence: 'Apache-2.0', languages: ['fr'] } }),
  // The model the académie registered just before (POST comes first in the route table); any id for others.
  'PATCH /api/models/:id': async (c) => {
    const catalogue = (await c.getJson('/api/models')) as { models?: { id: string }[] } | undefined;
    return { url: `/api/models/${catalogue?.models?.[0]?.id ?? '00000000-0000-4000-8000-000000000000'}`, payload: { licence: 'Apache-2.0' } };
  },
  // A model nobody chose: the last one the académie registered (POST comes first in the route table).
  'DELETE /api/models/:id': async (c) => {
    const catalogue = (await c.getJson('/api/models')) as { models?: { id: string; isDefault: boolean; allowedSchoolIds?: string[] }[] } | undefined;
    const free = catalogue?.models?.filter((m) => !m.isDefault && m.allowedSchoolIds?.length === 0).at(-1);
    return { url: `/api/models/${free?.id ?? '00000000-0000-4000-8000-000000000000'}`, noBody: true };
  },
  'GET /api/schools/:id/models': (c) => ({ url: `/api/schools/${c.id}/models` }),
  'PUT /api/schools/:id/models/allowed': (c) => ({ url: `/api/schools/${c.id}/models/allowed`, payload: { modelIds: [] } }),
  'PUT /api/schools/:id/model': (c) => ({ url: `/api/schools/${c.id}/model`, payload: { modelId: null } }),
  'PUT /api/classes/:id/model': (c) => ({ url: `/api/classes/${c.id}/model`, payload: { modelId: null } }),

  'GET /api/alerts': () => ({ url: '/api/alerts' }),
  'GET /api/alerts/:id': (c) => ({ url: `/api/alerts/${c.id}` }),
  'PATCH /api/alerts/:id': (c) => ({ url: `/api/alerts/${c.id}`, payload: { state: 'seen', note: 'Vu avec la CPE' } }),

  'GET /api/gdpr/register': (c) => ({ url: '/api/gdpr/register', query: schoolQuery(c) }),
  'GET /api/gdpr/aipd': (c) => ({ url: '/api/gdpr/aipd', query: schoolQuery(c) }),
  'GET /api/gdpr/notice': (c) => ({ url: '/api/gdpr/notice', query: schoolQuery(c) }),
  'POST /api/me/notice-read': async (c) => {
    const notice = c.caller === 'anonymous' ? undefined : ((await c.getJson('/api/gdpr/notice')) as { version?: string } | undefined);
    return { url: '/api/me/notice-read', payload: { version: notice?.version ?? '0123456789ab' } };
  },
  'GET /api/gdpr/settings': (c) => ({ url: '/api/gdpr/settings', query: schoolQuery(c) }),
  'PUT /api/gdpr/settings': (c) => ({ url: '/api/gdpr/settings', query: schoolQuery(c), payload: { auditMonths: 12 } }),
  'GET /api/audit': (c) => ({ url: '/api/audit', query: schoolQuery(c) }),
  'GET /api/audit/verify': () => ({ url: '/api/audit/verify' }),
  'GET /api/me/access-log': () => ({ url: '/api/me/access-log' }),
  'GET /api/me/export': () => ({ url: '/api/me/export' }),
  'POST /api/me/rights-requests': () => ({ url: '/api/me/rights-requests', payload: { kind: 'access', details: 'Je voudrais mes données.' } }),
  'GET /api/me/rights-requests': () => ({ url: '/api/me/rights-requests' }),
  'GET /api/gdpr/requests': () => ({ url: '/api/gdpr/requests' }),
  'POST /api/gdpr/requests/:id/decision': (c) => ({ url: `/api/gdpr/requests/${c.id}/decision`, payload: { decision: 'refused', reason: 'Demande déjà satisfaite' } }),
  'POST /api/gdpr/requests/:id/extend': (c) => {
    const slot = Object.values(c.world.slots).find((s) => s.rightsToDecide === c.id);
    return { url: `/api/gdpr/requests/${slot?.rightsToExtend ?? c.id}/extend`, payload: { reason: 'Demande complexe' } };
  },
};

function rosterCsv(id: string): string {
  return ['Identifiant;Nom;Prénom;Profil;Classe', `X${id};Nouveau;Élève${id};Élève;2NDE B`].join('\n');
}

export function hasBuilder(method: string, url: string): boolean {
  return Object.hasOwn(BUILDERS, `${method === 'HEAD' ? 'GET' : method} ${url}`);
}

/** The request for a route of the route table, for a caller and a scope. Throws for a route without a builder. */
export async function buildRequest(
  app: FastifyInstance,
  world: World,
  route: { method: string; url: string },
  caller: Caller,
  scope: Scope,
  cookie: string | undefined,
): Promise<RequestSpec> {
  const key = `${route.method === 'HEAD' ? 'GET' : route.method} ${route.url}`;
  const builder = BUILDERS[key];
  const expectation = expectationOf(route.method, route.url);
  if (!builder || !expectation) throw new Error(`no request builder or expectation for ${key}`);
  const getJson = async (url: string) => {
    const response = await app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
    return response.statusCode === 200 ? response.json<unknown>() : undefined;
  };
  const built = await builder({ world, caller, scope, id: targetId(world, expectation.target, scope, caller), unique, getJson });
  return { method: route.method as RequestSpec['method'], ...built };
}

/** Headers of a same-origin browser request, signed in or not. */
export function browserHeaders(cookie: string | undefined): Record<string, string> {
  return cookie ? { cookie, origin: TEST_ORIGIN } : { origin: TEST_ORIGIN };
}
