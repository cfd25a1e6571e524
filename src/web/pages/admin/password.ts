// Initial passwords an administrator can read out or copy to a pupil: no look-alike characters (0/O, 1/l/I).
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Four groups of four characters (about 93 bits of entropy), e.g. "k7Qm-vR3x-Hb9t-2wNe". */
export function generatePassword(random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  const groups: string[] = [];
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % ALPHABET.length);
  let group = '';
  while (groups.length < 4) {
    for (const byte of random(new Uint8Array(32))) {
      if (byte >= limit) continue;
      group += ALPHABET[byte % ALPHABET.length];
      if (group.length === 4) {
        groups.push(group);
        group = '';
        if (groups.length === 4) break;
      }
    }
  }
  return groups.join('-');
}
