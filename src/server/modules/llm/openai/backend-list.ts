// TUTEUR_LLM_BACKENDS: where the OpenAI-compatible inference servers are and how many answers each may
// generate at once ("http://10.0.0.5:8080|8, http://10.0.0.6:11434/v1").
import { splitList } from '../../../net/allow-list.ts';

export interface BackendSpec {
  /** Base URL of the OpenAI-style API, always ending in "/v1" (added when the admin left it out). */
  url: string;
  /** Generations sent to this server at once; more wait in Tuteur's queue. */
  maxConcurrent: number;
}

/** llama.cpp server and Ollama both serve 4 sequences at once by default. */
export const DEFAULT_MAX_CONCURRENT = 4;
const MAX_CONCURRENT_LIMIT = 256;

/**
 * Parses the list. Throws an Error whose French message starts with ": " (the setting's name goes in front).
 * A URL carrying credentials is refused without being echoed: the key has its own setting.
 */
export function parseBackendList(value: string | readonly string[]): BackendSpec[] {
  return splitList(value).map((entry) => {
    const bar = entry.lastIndexOf('|');
    const urlText = (bar < 0 ? entry : entry.slice(0, bar)).trim();
    let maxConcurrent = DEFAULT_MAX_CONCURRENT;
    if (bar >= 0) {
      const limit = entry.slice(bar + 1).trim();
      if (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_CONCURRENT_LIMIT) {
        throw new Error(`: après « | », indiquez un nombre de réponses simultanées entre 1 et ${MAX_CONCURRENT_LIMIT} (reçu « ${limit} »).`);
      }
      maxConcurrent = Number(limit);
    }
    return { url: apiBaseUrl(urlText), maxConcurrent };
  });
}

/** "http://h:8080", "http://h:8080/", "http://h:8080/v1/" → "http://h:8080/v1". */
export function apiBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`: « ${text} » n’est pas une URL valide : écrivez-la en entier, avec http:// ou https:// (ex. http://127.0.0.1:8080|4).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`: « ${text} » doit commencer par http:// ou https://.`);
  if (url.username !== '' || url.password !== '') {
    throw new Error(': une adresse contient un identifiant ou un mot de passe ; retirez-le et donnez la clé d’API dans TUTEUR_LLM_API_KEY.');
  }
  if (url.search !== '' || url.hash !== '') throw new Error(`: « ${url.origin}${url.pathname} » ne doit pas contenir de « ? » ni de « # ».`);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/v1') ? path : `${path}/v1`;
  return url.href;
}
