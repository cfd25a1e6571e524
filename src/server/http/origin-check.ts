// CSRF defence: a state-changing request must come from our own pages. Browsers always send Origin on
// POST/PUT/PATCH/DELETE; a request with a foreign or missing origin is refused.
// Some reads have effects too (opening an alert marks it seen, an export or a document is recorded in the
// audit log), and a SameSite=Lax cookie goes along with a cross-site link or top-level navigation. So a
// signed-in read (any route whose policy is not public) is refused when the browser's fetch metadata says
// it was started by another site; typing the address, a bookmark (`none`) and our own pages (`same-origin`)
// pass. Without the header (tools, very old browsers) the read passes: the session cookie is then the only
// guard, as before. Public reads stay open: sign-on callbacks arrive from the identity provider's site.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FIRST_PARTY_FETCH = new Set(['same-origin', 'none']);

const refused = () => new HttpError(403, 'bad_origin', 'Requête refusée : elle ne vient pas de Tuteur (vérification d’origine).');

export function expectedOrigin(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return new URL(publicUrl).origin;
  return `${request.protocol}://${request.host}`;
}

export function installOriginCheck(app: FastifyInstance, publicUrl: string | undefined): void {
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (config.originCheck === false) return;
    const fetchSite = request.headers['sec-fetch-site'];
    if (SAFE_METHODS.has(request.method)) {
      // Unknown paths (no policy) are the 404 handler or the single-page app's HTML: nothing to protect.
      if (config.policy === undefined || config.policy === 'public' || fetchSite === undefined || FIRST_PARTY_FETCH.has(fetchSite)) return;
      throw refused();
    }
    const origin = request.headers.origin;
    const allowed = expectedOrigin(request, publicUrl);
    if (origin !== undefined ? origin === allowed : fetchSite === 'same-origin') return;
    throw refused();
  });
}
