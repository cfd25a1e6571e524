// Reads a password for `tuteur users add`: the whole of stdin when piped (scripts), or typed without
// echo at a terminal. Never from a command-line flag, which would end up in shell history and `ps`.
import { createInterface } from 'node:readline';

export async function readPassword(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  if (!input.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of input) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  output.write('Mot de passe (12 caractères au moins) : ');
  const rl = createInterface({ input, output, terminal: true });
  // Muting readline's echo: the typed characters are not written back to the terminal.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  const password = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  output.write('\n');
  return password;
}
