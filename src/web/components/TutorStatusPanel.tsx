// Whether the pupil can use the tutor now: the remaining quota and the running séance, or the school's or
// teacher's reason why not, in the server's own French words.
import type { TutorStatus } from '../../shared/api.ts';
import { formatTime, t } from '../i18n/fr.ts';
import { quotaMessage, visibleRefusal } from '../tutoring/status.ts';
import type { Resource } from '../useResource.ts';
import './tutor-status.css';

interface TutorStatusPanelProps {
  status: Resource<TutorStatus>;
  /** Where the pupil is: the refusal about free questions only matters for a free conversation. */
  where: 'home' | 'assignment' | 'free';
  compact?: boolean;
}

export function TutorStatusPanel({ status, where, compact = false }: TutorStatusPanelProps) {
  const data = status.data;
  if (!data) {
    return status.status === 'failed' ? (
      <p className="tutor-status-unknown muted" data-testid="tutor-status-unknown">
        {t('tutor.statusUnknown')}
      </p>
    ) : null;
  }
  const refusal = visibleRefusal(data, where);
  return (
    <div className={compact ? 'tutor-status tutor-status-compact' : 'tutor-status'} data-testid="tutor-status">
      {refusal ? (
        <div className="tutor-refusal" data-testid="tutor-refusal" data-code={refusal.code}>
          <span className="tutor-refusal-icon" aria-hidden="true" />
          <div>
            <p className="tutor-refusal-title">{t('tutor.unavailable')}</p>
            <p>{refusal.message}</p>
          </div>
        </div>
      ) : (
        <p className="tutor-status-line">
          {data.liveSession ? (
            <span className="tutor-live" data-testid="tutor-live">
              <span className="tutor-live-dot" aria-hidden="true" />
              {t('tutor.liveUntil', { time: formatTime(data.liveSession.endsAt) })}
            </span>
          ) : null}
          <span className="tutor-quota" data-testid="tutor-quota">
            {quotaMessage(data.quota)}
          </span>
        </p>
      )}
    </div>
  );
}
