// The permanent reminder that the pupil is talking to an AI (transparency duty of the AI Act, art. 50),
// naming the model and where it runs when the server says which one answers.
import { useContext } from 'react';
import { t } from '../i18n/fr.ts';
import { SessionContext } from '../session.ts';

export function AiNotice({ compact = false }: { compact?: boolean }) {
  const model = useContext(SessionContext)?.me.tutorModel;
  const text = model
    ? t(compact ? 'ai.noticeShortWithModel' : 'ai.noticeWithModel', { name: model.name, runsOn: model.runsOn })
    : t(compact ? 'ai.noticeShort' : 'ai.notice');
  return (
    <p className={compact ? 'ai-notice ai-notice-compact' : 'ai-notice'} data-testid="ai-notice">
      <span className="ai-notice-icon" aria-hidden="true">
        ℹ
      </span>
      <span>{text}</span>
    </p>
  );
}
