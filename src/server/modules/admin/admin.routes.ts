// HTTP for the administrators' status page.
import type { FastifyInstance } from 'fastify';
import type { DatabaseKind } from '../../db/connection.ts';
import type { LlmProvider } from '../llm/llm.types.ts';

export function registerAdminRoutes(app: FastifyInstance, deps: { llm: LlmProvider; databaseKind: DatabaseKind }): void {
  app.get('/api/admin/status', { config: { policy: 'admin:status' } }, async () => ({
    model: deps.llm.status(),
    database: deps.databaseKind,
  }));
}
