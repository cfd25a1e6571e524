// The process-wide outbound guard: every HTTP(S) connection made with the global fetch (SSO clients, and
// anything added later) goes through the egress guard, so nothing leaves for a host the installation was
// not configured to reach. The OpenAI-compatible provider keeps its own guard (same rules, its own pool).
//
// What is reachable: loopback and the school's private ranges (the guard's rule), the TUTEUR_EGRESS_ALLOW
// entries, and the hosts of the configured SSO providers — an ENT's CAS server is usually public, and naming
// it in the SSO configuration is the admin's decision to reach it. LLM backends are not added by name: the
// documented rule is that a backend outside the local network needs TUTEUR_EGRESS_ALLOW (pupil text goes
// there), and the provider's own guard enforces exactly that.
import { isIP } from 'node:net';
import { getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import type { Config } from '../config.ts';
import { normaliseHostname } from './allow-list.ts';
import { createEgressGuard, type EgressGuard, type EgressLogger, type Resolver } from './egress-guard.ts';

export type OutboundConfig = Pick<Config, 'egressAllow' | 'sso' | 'llmBackend' | 'openAiBackends'> & {
  /** The school's SMTP relay: naming it in the configuration is, as for an IdP, the admin's decision to reach it. */
  smtp?: Pick<NonNullable<Config['smtp']>, 'host' | 'port'> | undefined;
};

export interface OutboundDestination {
  kind: 'llm' | 'sso' | 'smtp';
  /** Shown to the operator: the backend's URL or the provider's label and id. */
  label: string;
  url: string;
}

/** The services the configuration says the installation talks to. */
export function configuredDestinations(config: OutboundConfig): OutboundDestination[] {
  const llm: OutboundDestination[] =
    config.llmBackend === 'openai-compatible' ? config.openAiBackends.servers.map((server) => ({ kind: 'llm', label: server.url, url: server.url })) : [];
  const sso: OutboundDestination[] = config.sso.flatMap((provider): OutboundDestination[] => {
    // A SAML IdP is only reached by the browser (redirect, form post): the server itself never calls it.
    if (provider.kind === 'saml') return [];
    const url = provider.kind === 'cas' ? provider.serverUrl : provider.issuer;
    return [{ kind: 'sso', label: `${provider.label} (${provider.kind.toUpperCase()}, « ${provider.id} »)`, url }];
  });
  // The relay speaks SMTP, not HTTP; its URL form here only carries the host and port the guard judges.
  const smtp: OutboundDestination[] = config.smtp
    ? [{ kind: 'smtp', label: `${config.smtp.host}:${config.smtp.port}`, url: `http://${isIP(config.smtp.host) === 6 ? `[${config.smtp.host}]` : config.smtp.host}:${config.smtp.port}/` }]
    : [];
  return [...llm, ...sso, ...smtp];
}

/** TUTEUR_EGRESS_ALLOW plus the SSO providers' hosts (names, or addresses when the URL holds one) and the SMTP relay's. */
export function outboundAllowList(config: OutboundConfig): string[] {
  const ssoHosts = configuredDestinations(config)
    .filter((destination) => destination.kind === 'sso')
    .map((destination) => normaliseHostname(new URL(destination.url).hostname));
  const smtpHosts = config.smtp ? [normaliseHostname(config.smtp.host)] : [];
  return [...new Set([...config.egressAllow, ...ssoHosts, ...smtpHosts])];
}

/** How a guard is built apart from its allowlist; `resolve` is replaced in tests (no real DNS). */
export interface GuardSetup {
  logger?: EgressLogger;
  resolve?: Resolver;
}

/** The rule of the LLM provider: TUTEUR_EGRESS_ALLOW only (see the header). */
export function createLlmEgressGuard(config: OutboundConfig, setup: GuardSetup = {}): EgressGuard {
  return createEgressGuard({ allow: config.egressAllow, ...setup });
}

export function createOutboundGuard(config: OutboundConfig, setup: GuardSetup = {}): EgressGuard {
  return createEgressGuard({ allow: outboundAllowList(config), ...setup });
}

export interface InstalledOutboundGuard {
  guard: EgressGuard;
  /** Puts the previous global dispatcher back and closes the guard's connections (tests, shutdown). */
  uninstall(): Promise<void>;
}

/** Makes the guard the global dispatcher of fetch; refused attempts are logged with their host only. */
export function installOutboundGuard(config: OutboundConfig, logger: EgressLogger): InstalledOutboundGuard {
  const guard = createOutboundGuard(config, { logger });
  const previous = getGlobalDispatcher();
  setGlobalDispatcher(guard.dispatcher);
  let uninstalled: Promise<void> | undefined;
  return {
    guard,
    uninstall: () =>
      (uninstalled ??= (async () => {
        if (getGlobalDispatcher() === guard.dispatcher) setGlobalDispatcher(previous);
        await guard.close();
      })()),
  };
}
