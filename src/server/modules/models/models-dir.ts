// The models folder: the only place an admin may point the catalogue at. A path from the web page is
// resolved inside it and refused when it leaves it (.., absolute paths, symbolic links pointing out).
import { realpath, readdir, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { HttpError } from '../../http/errors.ts';

const outside = () => new HttpError(400, 'model_path_outside', 'Le fichier doit se trouver dans le dossier des modèles du serveur.');

const isInside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

/**
 * The real absolute path of `file` (relative to `modelsDir`), checked to be a regular .gguf file inside it.
 * Symbolic links are followed before the check, so a link to /etc/shadow is refused like "../../etc/shadow".
 */
export async function resolveModelFile(modelsDir: string | undefined, file: string): Promise<string> {
  if (modelsDir === undefined) throw new HttpError(409, 'no_models_dir', 'Aucun dossier des modèles n’est configuré sur ce serveur (TUTEUR_MODELS_DIR).');
  if (file.includes('\0') || isAbsolute(file) || file.split(/[\\/]/).includes('..')) throw outside();
  if (!/\.gguf$/i.test(file)) throw new HttpError(400, 'model_not_gguf', 'Seuls les fichiers .gguf peuvent être ajoutés au catalogue.');
  let root: string;
  try {
    root = await realpath(modelsDir);
  } catch {
    throw new HttpError(409, 'no_models_dir', `Le dossier des modèles ${modelsDir} est introuvable sur le serveur.`);
  }
  const candidate = resolve(root, file);
  if (!isInside(root, candidate)) throw outside();
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    throw new HttpError(404, 'model_file_missing', `Fichier introuvable dans le dossier des modèles : ${file}`);
  }
  if (!isInside(root, real)) throw outside();
  if (!(await stat(real)).isFile()) throw new HttpError(400, 'model_not_file', `Ce chemin ne désigne pas un fichier : ${file}`);
  return real;
}

/**
 * The file as the admin page shows it: relative to the models folder when inside it; otherwise its full path
 * for those who run the server (`fullPath`), its file name only for the others (a school admin need not
 * learn the server's layout).
 */
export function displayPath(modelsDir: string | undefined, path: string, fullPath: boolean): string {
  const rel = modelsDir === undefined ? '..' : relative(resolve(modelsDir), path);
  if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
  return fullPath ? path : basename(path);
}

const MAX_DEPTH = 3;
const MAX_FILES = 500;

/** The .gguf files of the models folder (a few levels deep), for the page's "add a file" list. */
export async function listModelFiles(modelsDir: string | undefined): Promise<{ file: string; path: string; bytes: number }[]> {
  if (modelsDir === undefined) return [];
  let root: string;
  try {
    root = await realpath(modelsDir);
  } catch {
    return [];
  }
  const found: { file: string; path: string; bytes: number }[] = [];
  async function walk(dir: string, depth: number): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (found.length >= MAX_FILES) return;
      const path = join(dir, entry.name);
      // Links are not followed here: registering resolves and checks them.
      if (entry.isDirectory() && depth < MAX_DEPTH) await walk(path, depth + 1);
      else if (entry.isFile() && /\.gguf$/i.test(entry.name)) {
        found.push({ file: relative(root, path).split(sep).join('/'), path, bytes: (await stat(path)).size });
      }
    }
  }
  await walk(root, 0);
  return found.sort((a, b) => a.file.localeCompare(b.file));
}
