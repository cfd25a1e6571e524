// Password policy for local accounts, after the CNIL's 2022 recommendation on passwords (délibération
// n° 2022-100, case of a password alone, about 80 bits): at least 12 characters mixing lower case, upper
// case, digits and special characters; or at least 14 characters with three of those four kinds; or a
// passphrase of at least 7 words. Also refused, as ANSSI advises: the login or name inside the password,
// and very common passwords. Shared by the server (which decides) and the web app (which explains).

export const PASSWORD_MIN_LENGTH = 12;
const LONG_LENGTH = 14;
const PASSPHRASE_WORDS = 7;

export const PASSWORD_RULES_FR =
  'au moins 12 caractères mêlant minuscules, majuscules, chiffres et caractères spéciaux ; ou au moins 14 caractères avec trois de ces quatre sortes ; ou une phrase de passe d’au moins 7 mots';

// Words and keyboard runs that open dictionary attacks; compared with the password's letters alone, so
// "Azerty123456!" or "MotDePasse-2024" count as common too.
const COMMON = new Set([
  'motdepasse', 'password', 'passw', 'passwd', 'azerty', 'azertyuiop', 'qwerty', 'qwertyuiop', 'qwertz', 'abc', 'abcdef', 'abcdefgh',
  'abcdefghijkl', 'aaaaaa', 'iloveyou', 'jetaime', 'soleil', 'bonjour', 'bonsoir', 'salut', 'doudou', 'loulou', 'chouchou', 'nicolas',
  'marseille', 'paris', 'lyon', 'football', 'foot', 'psg', 'om', 'olympiquedemarseille', 'pokemon', 'minecraft', 'fortnite', 'princesse',
  'admin', 'administrateur', 'root', 'user', 'utilisateur', 'welcome', 'bienvenue', 'changeme', 'letmein', 'secret', 'monkey', 'dragon',
  'tuteur', 'college', 'lycee', 'ecole', 'eleve', 'professeur', 'prof', 'classe', 'education', 'educonnect', 'ent', 'pronote', 'test', 'demo',
]);

const stripAccents = (text: string) => text.normalize('NFD').replace(/\p{Mn}/gu, '');

/** Kinds of characters present: lower case, upper case, digits, anything else. */
export function characterKinds(password: string): number {
  return [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u].filter((kind) => kind.test(password)).length;
}

const words = (password: string) => password.split(/[\s\-_.,;:/+]+/).filter((word) => /\p{L}{2,}/u.test(word));

/** Whether the length and mix of characters reach the CNIL's level (one of its three examples). */
export function strongEnough(password: string): boolean {
  const kinds = characterKinds(password);
  return (
    (password.length >= PASSWORD_MIN_LENGTH && kinds === 4) ||
    (password.length >= LONG_LENGTH && kinds >= 3) ||
    (words(password).length >= PASSPHRASE_WORDS && password.length >= 20)
  );
}

// Look-alike characters inside a word ("P@ssw0rd"); digits and symbols around it are left out anyway.
const LOOK_ALIKES: Record<string, string> = { '@': 'a', '4': 'a', '3': 'e', '1': 'i', '!': 'i', '0': 'o', $: 's', '5': 's', '7': 't' };

/** The password's letters, lower case without accents, as typed and with look-alikes read back: "P@ssw0rd-2026" → password. */
function cores(password: string): string[] {
  const plain = stripAccents(password).toLowerCase();
  const inner = /[a-z](?:.*[a-z])?/.exec(plain)?.[0] ?? '';
  const readBack = inner.replace(/[@43105!$7]/g, (c) => LOOK_ALIKES[c] ?? c);
  return [plain, readBack].map((text) => text.replace(/[^a-z]/g, ''));
}

export function isCommonPassword(password: string): boolean {
  return cores(password).some((core) => {
    const repeated = /^(.+?)\1+$/.exec(core)?.[1];
    // No letters at all ("123456789012!"), one common word dressed up with digits and symbols, or a short
    // run repeated ("abcabcabc…", "azertyazerty").
    return core.length === 0 || COMMON.has(core) || (repeated !== undefined && (repeated.length <= 3 || COMMON.has(repeated)));
  });
}

/** Parts of the login and the name long enough to matter ("lea.martin" → lea.martin, martin). */
function identityParts(identity: { login?: string; displayName?: string }): string[] {
  const parts = new Set<string>();
  const login = identity.login ? stripAccents(identity.login).toLowerCase() : '';
  if (login.length >= 3) parts.add(login);
  for (const text of [login, identity.displayName ?? '']) {
    for (const part of stripAccents(text).toLowerCase().split(/[^a-z0-9]+/)) if (part.length >= 4) parts.add(part);
  }
  return [...parts];
}

/**
 * The French reason a password is refused, or null when it is acceptable. The identity, when known, is
 * checked too (the login or a part of the name inside the password).
 */
export function passwordProblem(password: string, identity: { login?: string; displayName?: string } = {}): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Le mot de passe doit comporter au moins ${PASSWORD_MIN_LENGTH} caractères.`;
  if (!strongEnough(password)) return `Mot de passe trop simple : choisissez ${PASSWORD_RULES_FR}.`;
  if (isCommonPassword(password)) return 'Ce mot de passe est trop courant (mot du dictionnaire des attaquants) : choisissez-en un autre.';
  const flat = stripAccents(password).toLowerCase();
  if (identityParts(identity).some((part) => flat.includes(part))) return 'Le mot de passe ne doit contenir ni l’identifiant ni le nom de la personne.';
  return null;
}
