// Home of staff roles whose tools are not built yet (DPO): says so plainly, shows no invented data.
import { ROLE_LABELS_FR } from '../../shared/roles.ts';
import { Alert } from '../components/Alert.tsx';
import { useDocumentTitle } from '../hooks.ts';
import { t } from '../i18n/fr.ts';
import { useSession } from '../session.ts';

export function StaffHomePage() {
  const { me } = useSession();
  useDocumentTitle(t('header.home'));
  return (
    <main className="page page-narrow" id="main">
      <h1 tabIndex={-1}>{t('staff.title', { name: me.displayName })}</h1>
      <Alert kind="info" testId="staff-soon">
        <p>{t('staff.soon', { role: ROLE_LABELS_FR[me.role] })}</p>
      </Alert>
      <p className="muted">{t('staff.contact')}</p>
    </main>
  );
}
