import { Alert } from './Alert.tsx';
import { t } from '../i18n/fr.ts';

export function SectionLoadError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <Alert kind="error">
      <p>{t('admin.loadError', { message })}</p>
      <button type="button" className="button button-secondary button-small" onClick={onRetry}>
        {t('app.retry')}
      </button>
    </Alert>
  );
}
