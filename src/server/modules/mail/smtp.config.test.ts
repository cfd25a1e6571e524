// TUTEUR_SMTP_* read by the configuration: a relay is optional, and a half-configured one is refused at start
// with a French message naming the variable.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { SETTING_DEFINITIONS } from '../settings/settings.definitions.ts';

// An empty folder: no tuteur.config.json to read.
const cwd = mkdtempSync(join(tmpdir(), 'tuteur-smtp-config-'));
const load = (env: Record<string, string>) => loadConfig({ ...env }, cwd);

describe('SMTP relay configuration', () => {
  it('is off by default', () => {
    expect(load({}).smtp).toBeUndefined();
  });

  it('reads the relay, with STARTTLS required on 587 by default', () => {
    const config = load({ TUTEUR_SMTP_HOST: 'smtp.ac-lyon.fr', TUTEUR_SMTP_FROM: 'Tuteur <tuteur@lycee.fr>', TUTEUR_PUBLIC_URL: 'https://tuteur.lycee.fr' });
    expect(config.smtp).toEqual({ host: 'smtp.ac-lyon.fr', port: 587, security: 'starttls', user: undefined, password: undefined, from: 'Tuteur <tuteur@lycee.fr>' });
    const tls = load({ TUTEUR_SMTP_HOST: '10.0.0.25', TUTEUR_SMTP_SECURITY: 'tls', TUTEUR_SMTP_USER: 'tuteur', TUTEUR_SMTP_PASSWORD: 'secret', TUTEUR_SMTP_FROM: 'tuteur@lycee.fr', TUTEUR_PUBLIC_URL: 'https://tuteur.lycee.fr' });
    expect(tls.smtp).toMatchObject({ port: 465, security: 'tls', user: 'tuteur', password: 'secret' });
  });

  it.each([
    [{ TUTEUR_SMTP_HOST: 'smtp.lycee.fr', TUTEUR_PUBLIC_URL: 'https://t.lycee.fr' }, /TUTEUR_SMTP_FROM : indiquez/],
    [{ TUTEUR_SMTP_HOST: 'smtp.lycee.fr', TUTEUR_SMTP_FROM: 'pas une adresse', TUTEUR_PUBLIC_URL: 'https://t.lycee.fr' }, /TUTEUR_SMTP_FROM : « pas une adresse »/],
    [{ TUTEUR_SMTP_HOST: 'smtp.lycee.fr', TUTEUR_SMTP_FROM: 't@lycee.fr' }, /TUTEUR_PUBLIC_URL : nécessaire/],
    [{ TUTEUR_SMTP_HOST: 'smtp.lycee.fr', TUTEUR_SMTP_FROM: 't@lycee.fr', TUTEUR_PUBLIC_URL: 'https://t.lycee.fr', TUTEUR_SMTP_USER: 'u' }, /vont ensemble/],
    [{ TUTEUR_SMTP_HOST: 'smtp lycee/fr', TUTEUR_SMTP_FROM: 't@lycee.fr', TUTEUR_PUBLIC_URL: 'https://t.lycee.fr' }, /TUTEUR_SMTP_HOST : « smtp lycee\/fr »/],
    [{ TUTEUR_SMTP_PORT: '25' }, /TUTEUR_SMTP_HOST : indiquez/],
    [{ TUTEUR_SMTP_HOST: 'smtp.lycee.fr', TUTEUR_SMTP_SECURITY: 'ssl' }, /TUTEUR_SMTP_SECURITY doit valoir starttls, tls ou none/],
  ])('refuses an incomplete relay (%#)', (env, message) => {
    expect(() => load(env)).toThrow(ConfigError);
    expect(() => load(env)).toThrow(message);
  });
});

describe('the school’s alert addresses (alert-emails)', () => {
  const parse = SETTING_DEFINITIONS['alert-emails'].parse;

  it('reads a list of addresses, none by default', () => {
    expect(parse(SETTING_DEFINITIONS['alert-emails'].defaultText)).toEqual([]);
    expect(parse('CPE@lycee.fr; infirmerie@lycee.fr, cpe@lycee.fr')).toEqual(['cpe@lycee.fr', 'infirmerie@lycee.fr']);
  });

  it('refuses what is not an address, in French', () => {
    expect(() => parse('cpe@lycee.fr, Mme Durand')).toThrow(/adresse e-mail invalide « mme »/);
    expect(() => parse(Array.from({ length: 21 }, (_, i) => `p${i}@lycee.fr`).join(','))).toThrow(/20 adresses au maximum/);
  });
});
