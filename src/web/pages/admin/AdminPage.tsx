// Administration (school-admin, academie-admin): service status, schools, classes, accounts and the school's settings.
import { useDocumentTitle } from '../../hooks.ts';
import { t } from '../../i18n/fr.ts';
import { ClassesSection } from './ClassesSection.tsx';
import { ModelsSection } from './ModelsSection.tsx';
import { SchoolsSection } from './SchoolsSection.tsx';
import { SettingsSection } from './SettingsSection.tsx';
import { StatusSection } from './StatusSection.tsx';
import type { School, SchoolClass } from './types.ts';
import { UsersSection } from './UsersSection.tsx';
import { useResource } from '../../useResource.ts';
import './admin.css';

export function AdminPage() {
  useDocumentTitle(t('admin.title'));
  const schools = useResource<School[]>('/api/schools');
  const classes = useResource<SchoolClass[]>('/api/classes');

  return (
    <main className="page admin-page" id="main">
      <div className="page-header">
        <h1 tabIndex={-1}>{t('admin.title')}</h1>
        <p>{t('admin.intro')}</p>
        <nav aria-label={t('admin.sectionsLabel')} className="page-toc">
          <a href="#etat">{t('admin.status.title')}</a>
          <a href="#etablissements">{t('admin.schools.title')}</a>
          <a href="#classes">{t('admin.classes.title')}</a>
          <a href="#comptes">{t('admin.users.title')}</a>
          <a href="#reglages">{t('admin.settings.title')}</a>
          <a href="#modeles">{t('admin.models.title')}</a>
        </nav>
      </div>
      <StatusSection />
      <SchoolsSection schools={schools.resource} reload={schools.reload} />
      <ClassesSection schools={schools.resource.data ?? []} classes={classes.resource} reload={classes.reload} />
      <UsersSection schools={schools.resource.data ?? []} classes={classes.resource.data ?? []} />
      <SettingsSection schools={schools.resource.data ?? []} />
      <ModelsSection schools={schools.resource.data ?? []} />
    </main>
  );
}
