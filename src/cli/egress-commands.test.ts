// `tuteur audit egress` on loopback only: names are resolved by a fake resolver, public addresses are never
// contacted (the guard refuses them before any connection), and "reachable" is shown with a local server.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resolver } from '../server/net/egress-guard.ts';
import { PUBLIC_PROBES, registerEgressCommands, type EgressCommandOptions } from './egress-commands.ts';
import type { CliIo } from './main.ts';

const NAMES: Record<string, string> = {
  'ent.example.test': '203.0.113.7',
  'gpu.example.test': '198.51.100.4',
  'example.com': '93.184.216.34',
  'llm.lan': '10.0.0.5',
  'smtp.ac-lyon.example': '192.0.2.25',
};
const resolve: Resolver = async (host) => {
  const address = NAMES[host];
  if (!address) throw new Error(`ENOTFOUND ${host}`);
  return [{ address, family: 4 }];
};

const SSO = JSON.stringify([{ kind: 'cas', id: 'ent', label: 'ENT de l’académie', uais: ['0691234A'], serverUrl: 'https://ent.example.test/cas' }]);

async function run(env: Record<string, string>, options: EgressCommandOptions = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tuteur-egress-cli-'));
  const out: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => out.push(l), readPassword: async () => '', env: { TUTEUR_DATA_DIR: dataDir, ...env }, cwd: dataDir };
  const program = new Command('tuteur').exitOverride();
  registerEgressCommands(program, io, { resolve, ...options });
  let error: Error | null = null;
  await program.parseAsync(['audit', 'egress'], { from: 'user' }).catch((e: unknown) => (error = e as Error));
  return { out: out.join('\n'), error: error as Error | null };
}

describe('tuteur audit egress', () => {
  let server: Server;
  let localUrl: string;
  beforeAll(async () => {
    server = createServer((_request, response) => response.end('ok'));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    localUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('lists what may be reached, allows the configured services and refuses the public probes', async () => {
    const result = await run({
      TUTEUR_LLM_BACKEND: 'openai-compatible',
      TUTEUR_LLM_BACKENDS: 'http://llm.lan:8080|2,http://gpu.example.test:8080',
      TUTEUR_EGRESS_ALLOW: 'gpu.example.test',
      TUTEUR_SSO_PROVIDERS: SSO,
      TUTEUR_SMTP_HOST: 'smtp.ac-lyon.example',
      TUTEUR_SMTP_FROM: 'tuteur@lycee-ampere.example',
      TUTEUR_PUBLIC_URL: 'https://tuteur.lycee-ampere.example',
      // The default probes are address literals; a public name is also refused once resolved.
    }, { probes: [...PUBLIC_PROBES, 'http://example.com/'] });
    expect(result.error).toBeNull();
    expect(result.out).toContain(' - TUTEUR_EGRESS_ALLOW : gpu.example.test ;');
    expect(result.out).toContain(' - Serveur de modèle de langage http://llm.lan:8080/v1 : autorisé (machine elle-même ou réseau privé de l’établissement).');
    expect(result.out).toContain(' - Serveur de modèle de langage http://gpu.example.test:8080/v1 : autorisé (autorisé par TUTEUR_EGRESS_ALLOW).');
    expect(result.out).toContain(
      ' - Fournisseur de connexion ENT de l’académie (CAS, « ent ») : https://ent.example.test/cas : autorisé (hôte du fournisseur déclaré dans TUTEUR_SSO_PROVIDERS).',
    );
    expect(result.out).toContain(' - Relais de messagerie (SMTP) smtp.ac-lyon.example:587 : autorisé (relais déclaré dans TUTEUR_SMTP_HOST).');
    expect(result.out).toMatch(/ - http:\/\/93\.184\.216\.34\/ : refusée — Connexion refusée vers « 93\.184\.216\.34 »/);
    expect(result.out).toMatch(/ - http:\/\/\[2606:4700::1111\]\/ : refusée — Connexion refusée vers « 2606:4700::1111 »/);
    expect(result.out).toMatch(/ - http:\/\/example\.com\/ : refusée — Connexion refusée vers « example\.com »/);
    expect(result.out).toContain('Contrôle réussi : seuls les services configurés sont joignables.');
  });

  it('fails when a configured backend outside the local network is not allowlisted', async () => {
    const result = await run({ TUTEUR_LLM_BACKEND: 'openai-compatible', TUTEUR_LLM_BACKENDS: 'http://gpu.example.test:8080' });
    expect(result.out).toContain(' - TUTEUR_EGRESS_ALLOW : aucune entrée ;');
    expect(result.out).toMatch(/ - Serveur de modèle de langage http:\/\/gpu\.example\.test:8080\/v1 : REFUSÉ — Connexion refusée vers « gpu\.example\.test »/);
    expect(result.error?.message).toBe('contrôle des sorties réseau : 1 service(s) configuré(s) refusé(s).');
  });

  it('fails when a probe is reachable, and says when a name does not resolve', async () => {
    const result = await run({}, { probes: [localUrl, 'http://nowhere.test/'] });
    expect(result.out).toContain(' - aucun (modèle intégré, pas de connexion unique).');
    expect(result.out).toContain(` - ${localUrl} : JOIGNABLE (réponse 200) — vérifiez TUTEUR_EGRESS_ALLOW.`);
    expect(result.out).toContain(' - http://nowhere.test/ : introuvable (nom non résolu, aucune connexion possible).');
    expect(result.error?.message).toBe('contrôle des sorties réseau : 1 adresse(s) publique(s) non refusée(s).');
  });
});
