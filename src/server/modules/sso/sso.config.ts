// Configuration of single sign-on providers (tuteur.config.json `sso: [...]` or TUTEUR_SSO_PROVIDERS as
// JSON), validated with zod. Attribute names default to those of the ENT specification (SDET).
import { X509Certificate } from 'node:crypto';
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

const profileMap = z.record(z.string(), z.enum(SSO_ROLES, { message: `profileMap : rôles possibles ${SSO_ROLES.join(', ')}` }));

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
  profileMap: profileMap.default(DEFAULT_PROFILE_MAP),
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

// EduConnect-style attribute names (ÉduConnect for pupils, académie IdPs for staff) with the SDET names as
// fall-backs: the IdP's connection sheet has the exact ones, set them in `attributes` when they differ.
const samlAttributes = z
  .strictObject({
    /** Stable id; the NameID when none of these is present. */
    id: z.array(attributeName).default(['FrEduCtId', 'ENTPersonIdentifiant']),
    uai: z.array(attributeName).default(['FrEduCtEleveUAI', 'FrEduRne', 'ENTPersonStructRattach', 'UAI']),
    classes: z.array(attributeName).default(['FrEduCtEleveClasse', 'ENTEleveClasses', 'ENTClasse']),
    profiles: z.array(attributeName).default(['FrEduCtPersonAffiliation', 'ENTPersonProfils', 'ENTProfil']),
    firstName: z.array(attributeName).default(['givenName', 'urn:oid:2.5.4.42']),
    lastName: z.array(attributeName).default(['sn', 'urn:oid:2.5.4.4']),
    displayName: z.array(attributeName).default(['displayName', 'urn:oid:2.16.840.1.113730.3.1.241']),
  })
  .prefault({});

/** SDET codes plus the affiliation values of EduConnect-style IdPs ("eleve", "enseignant"). */
export const DEFAULT_SAML_PROFILE_MAP: Record<string, SsoRole> = { ...DEFAULT_PROFILE_MAP, eleve: 'pupil', enseignant: 'teacher' };

const PEM_BODY = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/;

/** A certificate in PEM, or its bare base64 body as IdP metadata gives it, in PEM. */
export function certificatePem(text: string): string {
  const body = (text.match(PEM_BODY)?.[1] ?? text).replace(/\s+/g, '');
  return `-----BEGIN CERTIFICATE-----\n${body.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

const certificate = z
  .string({ message: 'idpCert : certificat de signature du fournisseur SAML (PEM), obligatoire' })
  .transform(certificatePem)
  .refine((pem) => {
    try {
      new X509Certificate(pem);
      return true;
    } catch {
      return false;
    }
  }, 'idpCert : certificat X.509 illisible (attendu : PEM « -----BEGIN CERTIFICATE----- … »)');

export const samlProviderSchema = z.strictObject({
  kind: z.literal('saml'),
  ...common,
  profileMap: profileMap.default(DEFAULT_SAML_PROFILE_MAP),
  /** The IdP's single sign-on address (HTTP-Redirect binding). */
  entryPoint: z.url({ message: 'entryPoint : adresse SSO (HTTP-Redirect) du fournisseur SAML' }),
  /** Signing certificates of the IdP; several during a key rollover. */
  idpCert: z.union([certificate, z.array(certificate).min(1, 'idpCert : au moins un certificat')]).transform((c) => (Array.isArray(c) ? c : [c])),
  /** When set, assertions from another issuer are refused. */
  idpEntityId: z.string().min(1).max(500).optional(),
  /** Tuteur's entity id at this IdP; default: the address of its metadata. */
  spEntityId: z.string().min(1).max(500).optional(),
  /** Difference between the IdP's clock and ours tolerated on NotBefore / NotOnOrAfter. */
  clockSkewMs: z.number().int().min(0).max(300_000).default(60_000),
  /** Ask the IdP to check the password again at every sign-in. */
  forceAuthn: z.boolean().default(false),
  attributes: samlAttributes,
});

export const ssoProviderSchema = z.discriminatedUnion('kind', [casProviderSchema, oidcProviderSchema, samlProviderSchema], {
  message: 'kind : « cas », « oidc » ou « saml »',
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
export type SamlProviderConfig = z.output<typeof samlProviderSchema>;
export type SsoProviderConfig = z.output<typeof ssoProviderSchema>;
export type SsoProviderInput = z.input<typeof ssoProviderSchema>;
