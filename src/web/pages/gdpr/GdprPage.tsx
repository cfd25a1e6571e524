// The data protection area: the register entry, the AIPD draft and the notice generated from the live
// configuration, the audit log with its verification, the rights requests queue (DPO) and the GDPR
// settings (edited by the head of school). Each part is a path of its own under /rgpd/.
import { useState } from 'react';
import type { Role } from '../../../shared/roles.ts';
import { Field } from '../../components/Field.tsx';
import { SectionLoadError } from '../../components/SectionLoadError.tsx';
import { useDocumentTitle } from '../../hooks.ts';
import { t } from '../../i18n/fr.ts';
import { Link, paths, type GdprSection } from '../../router.ts';
import { useSession } from '../../session.ts';
import { useResource } from '../../useResource.ts';
import type { School } from '../admin/types.ts';
import { AuditSection } from './AuditSection.tsx';
import { DocumentSection, NoticeSection } from './DocumentSection.tsx';
import { GdprSettingsSection } from './GdprSettingsSection.tsx';
import { RequestsSection } from './RequestsSection.tsx';
import './gdpr.css';

interface Capabilities {
  sections: GdprSection[];
  editSettings: boolean;
}

/** What each role may open here, as the API's policies allow it. */
export function gdprCapabilities(role: Role): Capabilities {
  switch (role) {
    case 'dpo':
      return { sections: ['registre', 'aipd', 'notice', 'journal', 'demandes', 'reglages'], editSettings: false };
    case 'school-admin':
      return { sections: ['registre', 'aipd', 'notice', 'reglages'], editSettings: true };
    case 'academie-admin':
      return { sections: ['registre', 'aipd', 'notice', 'journal', 'reglages'], editSettings: true };
    default:
      return { sections: [], editSettings: false };
  }
}

const SECTION_LABEL = {
  registre: () => t('gdpr.section.registre'),
  aipd: () => t('gdpr.section.aipd'),
  notice: () => t('gdpr.section.notice'),
  journal: () => t('gdpr.section.journal'),
  demandes: () => t('gdpr.section.demandes'),
  reglages: () => t('gdpr.section.reglages'),
} satisfies Record<GdprSection, () => string>;

export function GdprPage({ section }: { section: GdprSection }) {
  const { me } = useSession();
  const caps = gdprCapabilities(me.role);
  const label = SECTION_LABEL[section]();
  useDocumentTitle(`${label} – ${t('gdpr.title')}`);
  // An académie administrator works on one school at a time; everyone else on their own.
  const [chosenSchool, setChosenSchool] = useState('');
  const schoolId = me.role === 'academie-admin' ? chosenSchool || null : null;
  const allowed = caps.sections.includes(section);

  return (
    <main className="page gdpr-page" id="main">
      <div className="page-header">
        <h1 tabIndex={-1}>{t('gdpr.title')}</h1>
        <p>{t('gdpr.intro')}</p>
        <nav aria-label={t('gdpr.sectionsLabel')} className="gdpr-tabs">
          {caps.sections.map((name) => (
            <Link
              key={name}
              to={paths.gdpr(name)}
              className={name === section ? 'gdpr-tab gdpr-tab-active' : 'gdpr-tab'}
              aria-current={name === section ? 'page' : undefined}
              data-testid={`gdpr-tab-${name}`}
            >
              {SECTION_LABEL[name]()}
            </Link>
          ))}
        </nav>
      </div>
      {me.role === 'academie-admin' ? <SchoolPicker value={chosenSchool} onChange={setChosenSchool} optional={section === 'journal'} /> : null}
      {!allowed ? (
        <p className="muted" data-testid="gdpr-forbidden">
          {t('gdpr.notForRole')}
        </p>
      ) : me.role === 'academie-admin' && !schoolId && section !== 'journal' ? (
        <p className="muted">{t('gdpr.chooseSchool')}</p>
      ) : (
        <GdprSectionView key={`${section}-${schoolId ?? ''}`} section={section} schoolId={schoolId} editSettings={caps.editSettings} />
      )}
    </main>
  );
}

function GdprSectionView({ section, schoolId, editSettings }: { section: GdprSection; schoolId: string | null; editSettings: boolean }) {
  switch (section) {
    case 'registre':
      return <DocumentSection kind="register" schoolId={schoolId} />;
    case 'aipd':
      return <DocumentSection kind="aipd" schoolId={schoolId} />;
    case 'notice':
      return <NoticeSection schoolId={schoolId} />;
    case 'journal':
      return <AuditSection schoolId={schoolId} />;
    case 'demandes':
      return <RequestsSection />;
    case 'reglages':
      return <GdprSettingsSection schoolId={schoolId} editable={editSettings} />;
  }
}

function SchoolPicker({ value, onChange, optional }: { value: string; onChange: (id: string) => void; optional: boolean }) {
  const schools = useResource<School[]>('/api/schools');
  if (schools.resource.status === 'failed') return <SectionLoadError message={schools.resource.message} onRetry={() => void schools.reload()} />;
  return (
    <div className="gdpr-school">
      <Field label={t('gdpr.school')}>
        <select value={value} onChange={(event) => onChange(event.target.value)} data-testid="gdpr-school">
          <option value="">{optional ? t('gdpr.allSchools') : t('admin.classes.chooseSchool')}</option>
          {(schools.resource.data ?? []).map((school) => (
            <option key={school.id} value={school.id}>
              {school.name} ({school.uai})
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}
