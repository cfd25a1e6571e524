// Configuration of single sign-on providers (tuteur.config.json `sso: [...]` or TUTEUR_SSO_PROVIDERS as
// JSON), validated with zod. Attribute names default to those of the ENT specification (SDET).
import { z } from 'zod';

/** Roles an SSO provider may sign people in as. Académie admins are never made by a provider. */
export const SSO_ROLES = ['pupil', 'teacher', 'school-admin', 'dpo'] as const;
export type SsoRole = (typeof SSO_ROLES)[number];

/** SDET profile codes (ENTPersonProfils) to Tuteur roles. Parents (National_TUT) and other staff get none. */
export const DEFAULT_PROFILE_MAP: Record<string, SsoRole> = {
  National_ELV: 'pupil',
  National_ENS: 'teacher',
  National_DOC: 'teacher',
  National_DIR: 'school-admin',
};

const uai = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^\d{7}[A-Z]$/, 'chaque UAI doit comporter 7 chiffres suivis d’une lettre (ex. 0691234A)');

const attributeName = z.string().min(1, 'nom d’attribut vide').max(100);

const common = {
  id: z
    .string({ message: 'id : identifiant du fournisseur, obligatoire (ex. « ent »)' })
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'id : lettres minuscules, chiffres et tirets (40 au plus), utilisé dans les adresses de connexion'),
  label: z.string({ message: 'label : nom affiché sur la page de connexion, obligatoire' }).trim().min(1, 'label : nom affiché sur la page de connexion, obligatoire').max(80),
  uais: z.array(uai, { message: 'uais : liste des UAI que ce fournisseur peut connecter, obligatoire' }).min(1, 'uais : au moins un établissement que ce fournisseur peut connecter'),
  roles: z
    .array(z.enum(SSO_ROLES, { message: `roles : valeurs possibles ${SSO_ROLES.join(', ')}` }))
    .min(1)
    .default(['pupil', 'teacher']),
  profileMap: z.record(z.string(), z.enum(SSO_ROLES, { message: `profileMap : rôles possibles ${SSO_ROLES.join(', ')}` })).default(DEFAULT_PROFILE_MAP),
  /** Accounts created at first sign-in; false: only accounts already there (roster) may sign in. */
  createAccounts: z.boolean().default(true),
};

const casAttributes = z
  .strictObject({
    id: attributeName.default('ENTPersonIdentifiant'),
    uai: z.array(attributeName).default(['ENTPersonStructRattach', 'ENTPersonStructRattachUAI', 'ENTEleveStructRattachId', 'UAI']),
    classes: z.array(attributeName).default(['ENTClasse', 'ENTEleveClasses', 'ENTAuxEnsClasses']),
    profiles: z.array(attributeName).default(['ENTPersonProfils', 'ENTProfil']),
    firstName: z.array(attributeName).default(['givenName', 'ENTPersonPrenom', 'prenom']),
    lastName: z.array(attributeName).default(['sn', 'ENTPersonNom', 'nom']),
    displayName: z.array(attributeName).default(['displayName', 'cn']),
  })
  .prefault({});

export const casProviderSchema = z.strictObject({
  kind: z.literal('cas'),
  ...common,
  /** Base URL of the CAS server, e.g. https://cas.ent.example.fr/cas */
  serverUrl: z.url({ message: 'serverUrl : adresse du serveur CAS (ex. https://ent.exemple.fr/cas)' }).transform((u) => u.replace(/\/$/, '')),
  version: z.enum(['2.0', '3.0'], { message: 'version : 2.0 ou 3.0' }).default('3.0'),
  /** Ask the CAS server to re-check the password at every sign-in. */
  renew: z.boolean().default(false),
  attributes: casAttributes,
  timeoutMs: z.number().int().min(500).max(60_000).default(10_000),
});

const claimNames = z
  .strictObject({
    id: attributeName.default('sub'),
    uai: z.array(attributeName).default(['uai', 'ENTPersonStructRattach']),
    classes: z.array(attributeName).default(['classes', 'ENTClasse']),
    // Not `profile`: in OpenID Connect that standard claim is the address of a profile page.
    profiles: z.array(attributeName).default(['profiles', 'ENTPersonProfils']),
    firstName: z.array(attributeName).default(['given_name']),
    lastName: z.array(attributeName).default(['family_name']),
    displayName: z.array(attributeName).default(['name']),
  })
  .prefault({});

export const oidcProviderSchema = z.strictObject({
  kind: z.literal('oidc'),
  ...common,
  /** Issuer URL; its /.well-known/openid-configuration is read at first use. */
  issuer: z.url({ message: 'issuer : adresse du fournisseur OpenID Connect' }),
  clientId: z.string({ message: 'clientId : identifiant client OpenID Connect, obligatoire' }).min(1, 'clientId obligatoire'),
  clientSecret: z.string().min(1).optional(),
  scopes: z.array(z.string().min(1)).default(['openid', 'profile']),
  claims: claimNames,
  timeoutMs: z.number().int().min(500).max(60_000).default(10_000),
});

export const ssoProviderSchema = z.discriminatedUnion('kind', [casProviderSchema, oidcProviderSchema], {
  message: 'kind : « cas » ou « oidc »',
});

export const ssoProvidersSchema = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return Symbol('invalid-json');
    }
  },
  z
    .array(ssoProviderSchema, { message: 'doit être une liste JSON de fournisseurs ([{"kind":"cas",…}])' })
    .superRefine((providers, ctx) => {
      const ids = providers.map((p) => p.id);
      const dup = ids.find((id, i) => ids.indexOf(id) !== i);
      if (dup) ctx.addIssue({ code: 'custom', message: `deux fournisseurs ont l’id « ${dup} »` });
    }),
);

export type CasProviderConfig = z.output<typeof casProviderSchema>;
export type OidcProviderConfig = z.output<typeof oidcProviderSchema>;
export type SsoProviderConfig = z.output<typeof ssoProviderSchema>;
export type SsoProviderInput = z.input<typeof ssoProviderSchema>;
