// Reading CAS responses as servers really write them, refusing what the client must never accept, and
// the pure mapping helpers (profiles to roles, ENT class values to class names).
import { describe, expect, it } from 'vitest';
import { casLoginUrl, CasError, parseLogoutRequest, parseServiceResponse } from './cas.client.ts';
import { ssoProvidersSchema } from './sso.config.ts';
import { classNamesFor, roleFromProfiles } from './sso.service.ts';

const NS = 'xmlns:cas="http://www.yale.edu/tp/cas"';

describe('parseServiceResponse', () => {
  it('reads the CAS 3.0 attributes block, with repeated attributes and escaped text', () => {
    const xml = `<cas:serviceResponse ${NS}><cas:authenticationSuccess><cas:user>jdupont</cas:user><cas:attributes>
      <cas:ENTPersonProfils>National_ENS</cas:ENTPersonProfils><cas:ENTClasse>0691234A$2NDE B</cas:ENTClasse>
      <cas:ENTClasse>0691234A$1G2</cas:ENTClasse><cas:sn>D&apos;Arc &amp; fils</cas:sn><cas:vide/></cas:attributes>
      </cas:authenticationSuccess></cas:serviceResponse>`;
    expect(parseServiceResponse(xml)).toEqual({
      user: 'jdupont',
      attributes: { ENTPersonProfils: ['National_ENS'], ENTClasse: ['0691234A$2NDE B', '0691234A$1G2'], sn: ['D\'Arc & fils'] },
    });
  });

  it('reads attributes beside cas:user (older CAS 2.0 servers) and name/value attributes', () => {
    const inline = `<cas:serviceResponse ${NS}><cas:authenticationSuccess><cas:user>u1</cas:user><cas:ENTPersonIdentifiant>X1</cas:ENTPersonIdentifiant></cas:authenticationSuccess></cas:serviceResponse>`;
    expect(parseServiceResponse(inline).attributes).toEqual({ ENTPersonIdentifiant: ['X1'] });
    const named = `<cas:serviceResponse ${NS}><cas:authenticationSuccess><cas:user>u1</cas:user><cas:attributes><cas:attribute name="UAI" value="0691234A"/></cas:attributes></cas:authenticationSuccess></cas:serviceResponse>`;
    expect(parseServiceResponse(named).attributes).toEqual({ UAI: ['0691234A'] });
  });

  it('turns failures into their CAS code', () => {
    const xml = `<cas:serviceResponse ${NS}><cas:authenticationFailure code="INVALID_SERVICE">mauvais service</cas:authenticationFailure></cas:serviceResponse>`;
    expect(() => parseServiceResponse(xml)).toThrow(expect.objectContaining({ code: 'INVALID_SERVICE' }) as Error);
  });

  it('refuses proxy chains, DOCTYPE declarations and answers that are not CAS', () => {
    const proxied = `<cas:serviceResponse ${NS}><cas:authenticationSuccess><cas:user>u</cas:user><cas:proxies><cas:proxy>https://x</cas:proxy></cas:proxies></cas:authenticationSuccess></cas:serviceResponse>`;
    const codeOf = (xml: string) => {
      try {
        parseServiceResponse(xml);
        return 'accepted';
      } catch (error) {
        return (error as CasError).code;
      }
    };
    expect(codeOf(proxied)).toBe('PROXY_REFUSED');
    expect(codeOf(`<!DOCTYPE x [<!ENTITY a "aaaa">]><cas:serviceResponse ${NS}><cas:authenticationSuccess><cas:user>&a;</cas:user></cas:authenticationSuccess></cas:serviceResponse>`)).toBe('BAD_RESPONSE');
    expect(codeOf('<html><body>Maintenance</body></html>')).toBe('BAD_RESPONSE');
    expect(codeOf(`<cas:serviceResponse ${NS}><cas:authenticationSuccess></cas:authenticationSuccess></cas:serviceResponse>`)).toBe('BAD_RESPONSE');
  });
});

describe('casLoginUrl and parseLogoutRequest', () => {
  it('sends renew or gateway, never both', () => {
    const server = { serverUrl: 'https://cas.ent.example/cas' };
    const url = new URL(casLoginUrl(server, 'https://tuteur.test/cb?state=a&x=1', { renew: true, gateway: true }));
    expect(url.pathname).toBe('/cas/login');
    expect(url.searchParams.get('service')).toBe('https://tuteur.test/cb?state=a&x=1');
    expect(url.searchParams.get('renew')).toBe('true');
    expect(url.searchParams.has('gateway')).toBe(false);
  });

  it('reads the SessionIndex of a logout request, and nothing from garbage', () => {
    const xml = '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="1" Version="2.0"><saml:NameID xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">@NOT_USED@</saml:NameID><samlp:SessionIndex>ST-123-abc</samlp:SessionIndex></samlp:LogoutRequest>';
    expect(parseLogoutRequest(xml)).toBe('ST-123-abc');
    expect(parseLogoutRequest('pas du xml <')).toBeUndefined();
    expect(parseLogoutRequest('<samlp:LogoutRequest xmlns:samlp="x"><samlp:SessionIndex>ST 1</samlp:SessionIndex></samlp:LogoutRequest>')).toBeUndefined();
  });
});

describe('attribute mapping', () => {
  const [provider] = ssoProvidersSchema.parse([{ kind: 'cas', id: 'ent', label: 'ENT', serverUrl: 'https://cas.example/cas', uais: ['0691234A'] }]);

  it('maps SDET profiles to the roles the provider allows, the most responsible first', () => {
    expect(roleFromProfiles(provider!, ['National_ELV'])).toBe('pupil');
    expect(roleFromProfiles(provider!, ['cn=National_ENS,ou=profils'])).toBe('teacher');
    // National_DIR maps to school-admin, which this provider may not give: the teaching profile is used.
    expect(roleFromProfiles(provider!, ['National_DIR', 'National_ENS'])).toBe('teacher');
    expect(roleFromProfiles(provider!, ['National_DIR'])).toBeUndefined();
    expect(roleFromProfiles(provider!, ['National_TUT'])).toBeUndefined();
  });

  it('keeps the classes of this school from ENT values', () => {
    expect(classNamesFor(['0691234A$2NDE B', '0695678B$6E1', '1G2', '19690001800012$TG1', '0691234A$2NDE  B'], '0691234A')).toEqual(['2NDE B', '1G2', 'TG1']);
  });
});
