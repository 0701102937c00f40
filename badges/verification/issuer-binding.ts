// Whether another issuer's credential is bound to the issuer it names. Anyone can write any issuer
// id and name into a document and sign it with their own key; what ties the claim to an
// organisation is where the issuer's profile and keys are served: from the origin of the issuer
// id itself (the holder of that domain published them), fetched from their own ids, without a
// redirect to another origin. did:key is self-certifying: it proves who holds the key, not who
// they are.
import type { Message } from '../../i18n';
import type { MultikeySource } from './issuer-keys';
import type { IssuerBinding } from './verification-report';

/** The https origin of a URL, or null (not a URL, or not https). */
export function httpsOrigin(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** The host (with its port, if any) of an https URL, or null. */
export const httpsHost = (url: unknown): string | null => {
  const origin = httpsOrigin(url);
  return origin ? new URL(origin).host : null;
};

/** Every URL on the issuer id's origin: documents fetched from there (after redirects) included. */
export function servedByIssuer(issuerId: unknown, ...urls: unknown[]): boolean {
  const issuerOrigin = httpsOrigin(issuerId);
  return issuerOrigin !== null && urls.every((url) => httpsOrigin(url) === issuerOrigin);
}

/** Bound to `host`: the issuer id's host (or a did:web's domain). */
export function boundTo(
  host: string,
  keyId: string | null,
  servedFrom: (string | null)[],
): IssuerBinding {
  return {
    boundTo: host,
    unboundBecause: null,
    keyId,
    servedFrom: origins(servedFrom),
  };
}

export function unbound(
  why: Message,
  keyId: string | null,
  servedFrom: (string | null)[],
): IssuerBinding {
  return { boundTo: null, unboundBecause: why, keyId, servedFrom: origins(servedFrom) };
}

function origins(urls: (string | null)[]): string[] {
  return [...new Set(urls.map(httpsOrigin).filter((origin): origin is string => !!origin))];
}

/**
 * The proof's key is the issuer's (its controller is the issuer id, checked with the proof); what
 * binds that issuer id to an organisation is where the key was served from.
 */
export function dataIntegrityBinding(
  issuerId: unknown,
  verificationMethod: string,
  source: MultikeySource,
): IssuerBinding {
  switch (source.kind) {
    case 'own':
      return boundTo(httpsHost(issuerId) ?? '', verificationMethod, []);
    case 'did:key':
      return unbound('verify:didKeyNamesNobody', verificationMethod, []);
    case 'did:web':
      // The key's DID must be the issuer's own: another domain's DID document may name anyone.
      return verificationMethod.split('#')[0] === issuerId &&
        httpsHost(source.servedAt) === source.domain
        ? boundTo(source.domain, verificationMethod, [source.servedAt])
        : unbound(
            {
              key: 'verify:keyServedElsewhere',
              values: { host: httpsHost(source.servedAt), id: String(issuerId) },
            },
            verificationMethod,
            [source.servedAt],
          );
    case 'https':
      return servedByIssuer(issuerId, verificationMethod, source.servedAt)
        ? boundTo(httpsHost(issuerId)!, verificationMethod, [source.servedAt])
        : unbound(
            {
              key: 'verify:keyServedElsewhere',
              values: { host: httpsHost(source.servedAt), id: String(issuerId) },
            },
            verificationMethod,
            [source.servedAt],
          );
  }
}
