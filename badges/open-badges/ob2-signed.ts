// Open Badges 2.0 signed verification: the assertion as a compact JWS (RS256), whose
// `verification.creator` is the URL of the issuer's published CryptographicKey.
import { CompactSign } from 'jose';
import type { KeyObject } from 'node:crypto';
import { ob2Context, type BadgeUrls } from './ob2';

export const keyUrl = (baseUrl: string, kid: string) => `${baseUrl}/badges/keys/${kid}`;

/** The id of an award's signed assertion (and of the OB 3.0 credential's subject). */
export const signedAssertionId = (publicId: string) => `urn:uuid:${publicId}`;

export async function signOb2Assertion(
  hostedAssertion: Record<string, unknown> & { id: string },
  signing: { kid: string; privateKey: KeyObject; keyUrl: string },
  publicId: string,
): Promise<string> {
  const signed = {
    ...hostedAssertion,
    // A signed badge stands on its own: its id is not a URL a verifier should fetch.
    id: signedAssertionId(publicId),
    verification: { type: 'SignedBadge', creator: signing.keyUrl },
  };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(signed)))
    .setProtectedHeader({ alg: 'RS256', kid: signing.kid })
    .sign(signing.privateKey);
}

export function buildOb2CryptographicKey(
  urls: BadgeUrls,
  url: string,
  publicKeyPem: string,
): Record<string, string> {
  return {
    '@context': ob2Context,
    type: 'CryptographicKey',
    id: url,
    owner: urls.issuer,
    publicKeyPem,
  };
}
