// Class levels as shown in French (codes come from the API: 6e … terminale).
import { tMaybe } from './i18n/fr.ts';

/** French name of a level code; an unknown value from the server is shown as it is. */
export function levelLabel(level: string): string {
  return tMaybe(`level.${level}`) ?? level;
}
