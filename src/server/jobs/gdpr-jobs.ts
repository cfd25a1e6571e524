// The scheduled GDPR work: the retention purge once a day, a signed seal of the audit log every hour.
import type { AuditLog } from '../modules/audit/audit.service.ts';
import type { RetentionService } from '../modules/gdpr/retention.service.ts';
import type { Job } from './job-runner.ts';

const HOUR_MS = 3600_000;

export function gdprJobs(deps: { retention: RetentionService; audit: AuditLog }): Job[] {
  return [
    {
      name: 'retention',
      everyMs: 24 * HOUR_MS,
      leaseMs: 30 * 60_000,
      run: async ({ signal }) => {
        const report = await deps.retention.run({ dryRun: false, actor: 'system', signal });
        // Counts only: the job's result goes to the server log.
        return {
          conversations: report.schools.reduce((n, s) => n + s.conversations + s.pupilConversations, 0),
          pupilsErased: report.schools.reduce((n, s) => n + s.pupilsErased, 0),
          alerts: report.schools.reduce((n, s) => n + s.alerts, 0),
          rightsRequests: report.schools.reduce((n, s) => n + s.rightsRequests, 0),
          auditEntries: report.audit.entries,
        };
      },
    },
    { name: 'audit-seal', everyMs: HOUR_MS, run: () => deps.audit.seal() },
  ];
}
