// `tuteur audit egress`: what this installation may reach on the network, each configured service checked
// with the same rules as the running server, then a few public addresses tried through the guard to show
// they are refused. Exit code 1 when a configured service would be refused or a public address is reachable.
import type { Command } from 'commander';
import { loadConfig } from '../server/config.ts';
import { HttpError } from '../server/http/errors.ts';
import { createEgressGuard, findEgressRefusal, type EgressGuard, type Resolver } from '../server/net/egress-guard.ts';
import { configuredDestinations, createLlmEgressGuard, createOutboundGuard, type OutboundDestination } from '../server/net/outbound.ts';
import type { CliIo } from './main.ts';

/** Public addresses no installation needs, one IPv4 and one IPv6. */
// Address literals only: a name would make the check itself send a DNS query outside the school.
export const PUBLIC_PROBES = ['http://93.184.216.34/', 'http://[2606:4700::1111]/'];

export interface EgressCommandOptions {
  probes?: readonly string[];
  /** Name resolution for the checks (tests); default the system resolver. */
  resolve?: Resolver;
}

const KIND_LABEL: Record<OutboundDestination['kind'], string> = { llm: 'Serveur de modèle de langage', sso: 'Fournisseur de connexion', smtp: 'Relais de messagerie (SMTP)' };

async function refusalOf(guard: EgressGuard, url: string): Promise<string | undefined> {
  try {
    await guard.checkUrl(url);
    return undefined;
  } catch (error) {
    const refusal = findEgressRefusal(error);
    if (!refusal) throw error;
    return refusal.message;
  }
}

/** Why a destination the guard accepts is accepted: the local network, or an entry of the configuration. */
function allowedBecause(kind: OutboundDestination['kind'], local: boolean): string {
  if (local) return 'machine elle-même ou réseau privé de l’établissement';
  if (kind === 'sso') return 'hôte du fournisseur déclaré dans TUTEUR_SSO_PROVIDERS';
  return kind === 'smtp' ? 'relais déclaré dans TUTEUR_SMTP_HOST' : 'autorisé par TUTEUR_EGRESS_ALLOW';
}

export function registerEgressCommands(program: Command, io: CliIo, options: EgressCommandOptions = {}): void {
  // `audit` may already exist (audit verify, seal): add to it rather than declare it twice.
  const audit = program.commands.find((c) => c.name() === 'audit') ?? program.command('audit').description('Journal d’audit et contrôles');
  audit
    .command('egress')
    .description('Montre ce que l’installation peut joindre sur le réseau et vérifie que le reste est refusé')
    .action(async () => {
      const config = loadConfig(io.env, io.cwd);
      const setup = { resolve: options.resolve };
      const localOnly = createEgressGuard(setup);
      const llmGuard = createLlmEgressGuard(config, setup);
      const outbound = createOutboundGuard(config, setup);
      try {
        io.out('Tuteur peut joindre :');
        io.out(' - la machine elle-même (boucle locale 127.0.0.0/8 et ::1) ;');
        io.out(' - le réseau privé de l’établissement (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7), sauf les adresses de service des nuages ;');
        io.out(` - TUTEUR_EGRESS_ALLOW : ${config.egressAllow.length > 0 ? config.egressAllow.join(', ') : 'aucune entrée'} ;`);
        io.out(' - les serveurs des fournisseurs de connexion et le relais de messagerie configurés (ci-dessous).');
        io.out('Rien d’autre : ni télémétrie, ni vérification de mise à jour.');

        const destinations = configuredDestinations(config);
        io.out('');
        io.out('Services configurés :');
        if (destinations.length === 0) io.out(' - aucun (modèle intégré, pas de connexion unique).');
        let refusedServices = 0;
        for (const destination of destinations) {
          const guard = destination.kind === 'llm' ? llmGuard : outbound;
          const refused = await refusalOf(guard, destination.url);
          const name = `${KIND_LABEL[destination.kind]} ${destination.label}${destination.kind === 'sso' ? ` : ${destination.url}` : ''}`;
          if (refused === undefined) {
            const local = (await refusalOf(localOnly, destination.url)) === undefined;
            io.out(` - ${name} : autorisé (${allowedBecause(destination.kind, local)}).`);
          } else {
            refusedServices += 1;
            io.out(` - ${name} : REFUSÉ — ${refused}`);
          }
        }

        io.out('');
        io.out('Adresses publiques essayées (doivent être refusées) :');
        let reachable = 0;
        for (const probe of options.probes ?? PUBLIC_PROBES) {
          try {
            const response = await outbound.fetch(probe, { signal: AbortSignal.timeout(5000) });
            await response.body?.cancel();
            reachable += 1;
            io.out(` - ${probe} : JOIGNABLE (réponse ${response.status}) — vérifiez TUTEUR_EGRESS_ALLOW.`);
          } catch (error) {
            const refusal = findEgressRefusal(error);
            if (refusal?.reason === 'unresolvable') {
              io.out(` - ${probe} : introuvable (nom non résolu, aucune connexion possible).`);
            } else if (refusal) {
              io.out(` - ${probe} : refusée — ${refusal.message}`);
            } else {
              // The guard let it through; only the network failed: the configuration does not protect here.
              reachable += 1;
              io.out(` - ${probe} : AUTORISÉE par la configuration (la connexion a échoué pour une autre raison) — vérifiez TUTEUR_EGRESS_ALLOW.`);
            }
          }
        }

        const problems: string[] = [];
        if (refusedServices > 0) problems.push(`${refusedServices} service(s) configuré(s) refusé(s)`);
        if (reachable > 0) problems.push(`${reachable} adresse(s) publique(s) non refusée(s)`);
        if (problems.length > 0) throw new HttpError(409, 'egress_check_failed', `contrôle des sorties réseau : ${problems.join(', ')}.`);
        io.out('');
        io.out('Contrôle réussi : seuls les services configurés sont joignables.');
      } finally {
        await Promise.all([localOnly.close(), llmGuard.close(), outbound.close()]);
      }
    });
}
