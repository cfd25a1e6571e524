// The permanent reminder that the pupil is talking to an AI (transparency duty of the AI Act, art. 50).
import { t } from '../i18n/fr.ts';

export function AiNotice({ compact = false }: { compact?: boolean }) {
  return (
    <p className={compact ? 'ai-notice ai-notice-compact' : 'ai-notice'} data-testid="ai-notice">
      <span className="ai-notice-icon" aria-hidden="true">
        ℹ
      </span>
      <span>{compact ? t('ai.noticeShort') : t('ai.notice')}</span>
    </p>
  );
}
