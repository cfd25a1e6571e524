import { useDocumentTitle } from '../hooks.ts';
import { t } from '../i18n/fr.ts';
import { Link, paths } from '../router.ts';

export function NotFoundPage() {
  useDocumentTitle(t('notFound.title'));
  return (
    <main className="page page-narrow" id="main">
      <h1 tabIndex={-1}>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <p>
        <Link to={paths.home()}>{t('notFound.back')}</Link>
      </p>
    </main>
  );
}
