// The school's SMTP relay for alert e-mails, as the configuration gives it. Kept apart from the transport so
// config.ts can validate it at start without loading nodemailer.

export type SmtpSecurity = 'starttls' | 'tls' | 'none';

export interface SmtpConfig {
  host: string;
  port: number;
  /** starttls: plain connection upgraded, refused if the relay does not offer it; tls: TLS from the start (465); none: the relay's choice. */
  security: SmtpSecurity;
  user: string | undefined;
  password: string | undefined;
  /** Sender address, e.g. "Tuteur <tuteur@lycee-exemple.fr>". */
  from: string;
}

export const SMTP_SECURITIES: readonly SmtpSecurity[] = ['starttls', 'tls', 'none'];
export const DEFAULT_SMTP_PORT: Record<SmtpSecurity, number> = { starttls: 587, tls: 465, none: 25 };

export interface RawSmtpSettings {
  smtpHost?: string | undefined;
  smtpPort?: number | undefined;
  smtpSecurity?: SmtpSecurity | undefined;
  smtpUser?: string | undefined;
  smtpPassword?: string | undefined;
  smtpFrom?: string | undefined;
}

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const IPV6 = /^\[?[0-9a-f:.]+\]?$/i;
/** A plain address, or "Name <address>"; the address as HTML forms check it. */
const FROM = /^(?:[^<>]*<\s*)?([^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)\s*>?$/;

/**
 * The relay from its settings, or undefined when none is configured. Throws an Error whose message lists
 * each problem on its own line, named by its environment variable, in French.
 */
export function resolveSmtpConfig(raw: RawSmtpSettings, publicUrl: string | undefined): SmtpConfig | undefined {
  const { smtpHost: host } = raw;
  const others = raw.smtpPort ?? raw.smtpSecurity ?? raw.smtpUser ?? raw.smtpPassword ?? raw.smtpFrom;
  if (host === undefined) {
    if (others !== undefined) throw new Error('TUTEUR_SMTP_HOST : indiquez le relais SMTP de l’établissement, ou retirez les autres réglages TUTEUR_SMTP_*.');
    return undefined;
  }
  const problems: string[] = [];
  if (!HOST.test(host) && !IPV6.test(host)) problems.push(`TUTEUR_SMTP_HOST : « ${host} » n’est pas un nom d’hôte ni une adresse valide.`);
  if (raw.smtpFrom === undefined) problems.push('TUTEUR_SMTP_FROM : indiquez l’adresse d’expédition (ex. tuteur@lycee-exemple.fr).');
  else if (!FROM.test(raw.smtpFrom.trim())) problems.push(`TUTEUR_SMTP_FROM : « ${raw.smtpFrom} » n’est pas une adresse e-mail valide.`);
  if ((raw.smtpUser === undefined) !== (raw.smtpPassword === undefined)) problems.push('TUTEUR_SMTP_USER et TUTEUR_SMTP_PASSWORD vont ensemble : indiquez les deux, ou aucun.');
  // The e-mail holds nothing but a link: without the public address there is nothing useful to send.
  if (publicUrl === undefined) problems.push('TUTEUR_PUBLIC_URL : nécessaire avec TUTEUR_SMTP_HOST, pour le lien vers l’alerte dans l’e-mail.');
  if (problems.length > 0) throw new Error(problems.join('\n - '));
  const security = raw.smtpSecurity ?? 'starttls';
  return {
    host: host.replace(/^\[|\]$/g, ''),
    port: raw.smtpPort ?? DEFAULT_SMTP_PORT[security],
    security,
    user: raw.smtpUser,
    password: raw.smtpPassword,
    from: (raw.smtpFrom ?? '').trim(),
  };
}
