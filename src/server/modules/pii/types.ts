// The kinds of personal data the redactor masks, and the French placeholder each becomes.
export const PII_TYPES = ['phone', 'email', 'address', 'ine', 'nir', 'iban', 'birthdate', 'password', 'name'] as const;
export type PiiType = (typeof PII_TYPES)[number];

/** What a reader (staff, audit export) sees in place of the data. */
export const PII_PLACEHOLDERS: Readonly<Record<PiiType, string>> = {
  phone: '[téléphone]',
  email: '[e-mail]',
  address: '[adresse]',
  ine: '[INE]',
  nir: '[NIR]',
  iban: '[IBAN]',
  birthdate: '[date de naissance]',
  password: '[mot de passe]',
  name: '[nom]',
};

/** UTF-16 offsets in the original text. */
export interface PiiSpan {
  type: PiiType;
  start: number;
  end: number;
}
