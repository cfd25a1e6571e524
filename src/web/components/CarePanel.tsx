// What a pupil who wrote about distress, abuse or harassment sees at once: the server's kind words, the help
// lines as numbers a phone dials with one tap, and the school's own contacts. Calm colours, no alarm.
import { useId } from 'react';
import type { CareMessage, HelpLine } from '../api/chat.ts';
import { t } from '../i18n/fr.ts';
import './care.css';

const telHref = (number: string) => `tel:${number.replace(/\s+/g, '')}`;

/** Only a number a phone can dial becomes a tel: link, whether the help came live or with a reloaded conversation. */
const DIALLABLE = /^\+?[0-9 ]{2,20}$/;
const diallable = (lines: readonly HelpLine[]) => lines.filter((line) => DIALLABLE.test(line.number));

function HelpLineLink({ line }: { line: HelpLine }) {
  return (
    <a className="care-line" href={telHref(line.number)} data-testid="care-line" data-number={line.number} aria-label={t('care.callLabel', { number: line.number, name: line.name })}>
      <span className="care-line-number">{line.number}</span>
      <span className="care-line-text">
        <span className="care-line-name">{line.name}</span>
        {line.description ? <span className="care-line-description">{line.description}</span> : null}
      </span>
    </a>
  );
}

export function CarePanel({ care }: { care: CareMessage }) {
  const titleId = useId();
  const helpLines = diallable(care.helpLines);
  return (
    <section className="care-panel" aria-labelledby={titleId} data-testid="care-panel">
      <h2 className="care-title" id={titleId}>
        {t('care.title')}
      </h2>
      <p>{care.message}</p>
      {helpLines.length > 0 ? (
        <ul className="care-lines">
          {helpLines.map((line) => (
            <li key={line.number}>
              <HelpLineLink line={line} />
            </li>
          ))}
        </ul>
      ) : null}
      {care.schoolContacts ? (
        <div className="care-school">
          <h3 className="care-school-title">{t('care.schoolContacts')}</h3>
          <p className="care-school-text" data-testid="care-school-contacts">
            {care.schoolContacts}
          </p>
        </div>
      ) : null}
      <p className="care-adult">{t('care.adult')}</p>
      <p className="care-emergency">
        {t('care.emergency')}{' '}
        <a href={telHref('112')} className="care-emergency-number">
          112
        </a>
      </p>
    </section>
  );
}

/** The help numbers kept in view at the top of the conversation once they have been shown. */
export function CareBar({ care }: { care: CareMessage }) {
  const helpLines = diallable(care.helpLines);
  if (helpLines.length === 0) return null;
  return (
    <p className="care-bar" data-testid="care-bar">
      <span className="care-bar-label">{t('care.bar')}</span>
      {helpLines.map((line) => (
        <a key={line.number} href={telHref(line.number)} className="care-bar-number" aria-label={t('care.callLabel', { number: line.number, name: line.name })}>
          {line.number}
        </a>
      ))}
    </p>
  );
}
