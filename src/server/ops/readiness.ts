// Readiness (GET /readyz) for a load balancer or an orchestrator: ready when the database answers within a
// short time and a language model can answer (the embedded one loaded, or at least one inference server of
// the pool healthy). "No model configured" is an explicit, ready state: the service runs and says so.
// The body carries states and counts only, nothing personal.
import type { DatabaseHandle } from '../db/connection.ts';
import type { LlmProvider, LlmStatus } from '../modules/llm/llm.types.ts';

export interface Readiness {
  ready: boolean;
  body: {
    database: 'ok' | 'down';
    model: LlmStatus['state'];
    /** OpenAI-compatible pool: servers answering their health check, out of those configured. */
    servers?: { healthy: number; total: number };
  };
}

/** A database that does not answer within this time is reported down (a PostgreSQL host that drops packets would otherwise hang the probe). */
export const DATABASE_PROBE_TIMEOUT_MS = 2000;

export async function checkReadiness(deps: {
  database: Pick<DatabaseHandle, 'ping'>;
  llm: Pick<LlmProvider, 'status'>;
  timeoutMs?: number;
}): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), deps.timeoutMs ?? DATABASE_PROBE_TIMEOUT_MS)));
  const databaseOk = await Promise.race([deps.database.ping().catch(() => false), timedOut]).finally(() => clearTimeout(timer));
  const status = deps.llm.status() as LlmStatus & { servers?: { healthy: number; total: number } };
  // Loading is not ready yet; an error (model file unusable, every inference server down) is not ready.
  const modelOk = status.state === 'ready' || status.state === 'none';
  const body: Readiness['body'] = { database: databaseOk ? 'ok' : 'down', model: status.state };
  if (status.servers) body.servers = { healthy: status.servers.healthy, total: status.servers.total };
  return { ready: databaseOk && modelOk, body };
}
