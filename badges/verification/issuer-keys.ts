// Finding the key a credential claims, and whether it belongs to its issuer. This campus's keys
// come from its own key store (never over the network); another issuer's from its published
// documents, fetched through the SSRF-safe fetcher; did:key identifiers from the identifier.
import type { Message } from '../../i18n';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { SigningKeyModel } from '../keys/signing-key.model';
import { findOwnMultikey } from '../keys/key-store';
import { resolveDidKey, type Multikey } from '../open-badges/data-integrity';
import { RemoteFetchError, type SafeFetch } from './safe-fetch';
import type { Failure, Report } from './verification-report';

export interface VerifierContext {
  baseUrl: string;
  /** This campus's issuer id: what "our own" credentials name as issuer. */
  issuerId: string;
  fetch: SafeFetch;
}

export type KeyStatus = 'active' | 'retired' | 'compromised' | 'foreign';

export interface ResolvedKey {
  key: KeyObject;
  status: KeyStatus;
  compromisedAt?: Date | null;
}

export const isOwnIssuer = (context: VerifierContext, issuerId: unknown) =>
  issuerId === context.issuerId;

/** 1EdTech's validator accepts RS256 and ES256: nothing else, and never `none` or HMAC. */
export const allowedJwtAlgorithms = ['RS256', 'ES256'];

/** The JOSE header checks every JWS/JWT gets before any key is looked up. */
export function checkJoseHeader(
  header: { alg?: string; jwk?: object },
  report: Report,
): Failure | null {
  if (!header.alg || !allowedJwtAlgorithms.includes(header.alg))
    return report.fail('tampered', 'proof', {
      key: 'verify:algorithmRefused',
      values: { alg: header.alg ?? 'none', allowed: allowedJwtAlgorithms.join(', ') },
    });
  if (header.jwk && 'd' in header.jwk)
    return report.fail('tampered', 'key', 'verify:privateKeyEmbedded');
  return null;
}

/** Reports the signing key's standing: a compromised key ends the verification. */
export function checkKeyStatus(
  key: { status: KeyStatus; compromisedAt?: Date | null },
  report: Report,
): Failure | null {
  if (key.status === 'compromised')
    return report.fail(
      'compromised',
      'key',
      key.compromisedAt
        ? { key: 'verify:keyCompromised', values: { date: key.compromisedAt } }
        : 'verify:keyCompromisedUndated',
    );
  report.pass(
    'key',
    key.status === 'active'
      ? 'verify:keyCurrent'
      : key.status === 'retired'
        ? 'verify:keyEarlier'
        : 'verify:keyPublished',
  );
  return null;
}

/** A remote JSON document, or null with the reason (unreachable, not JSON, refused address). */
export async function fetchJson(
  context: VerifierContext,
  url: string,
): Promise<
  | { ok: true; document: Record<string, unknown>; status: number; url: string }
  | { ok: false; reason: string }
> {
  try {
    const response = await context.fetch(url);
    if (response.status !== 200 && response.status !== 410)
      return { ok: false, reason: `${new URL(url).host} answered ${response.status}` };
    const document = JSON.parse(response.body.toString('utf8')) as unknown;
    if (!document || typeof document !== 'object' || Array.isArray(document))
      return { ok: false, reason: `${url} is not a JSON object` };
    return {
      ok: true,
      document: document as Record<string, unknown>,
      status: response.status,
      url: response.url,
    };
  } catch (error) {
    if (error instanceof RemoteFetchError) return { ok: false, reason: error.message };
    return { ok: false, reason: `${url} is not JSON` };
  }
}

/** An RS256/ES256 JWK by kid: ours from the key store, another issuer's from its JWKS. */
export async function resolveJwtKey(
  context: VerifierContext,
  issuerId: string,
  kid: string | undefined,
): Promise<ResolvedKey | { problem: Message }> {
  if (!kid) return { problem: 'verify:noKid' };
  if (isOwnIssuer(context, issuerId)) {
    const own = await SigningKeyModel.findOne({ kid, algorithm: 'RS256' }).lean();
    if (!own) return { problem: 'verify:notOurKey' };
    return {
      key: createPublicKey({ key: own.publicJwk as never, format: 'jwk' }),
      status: own.status as KeyStatus,
      compromisedAt: own.compromisedAt ?? null,
    };
  }
  // OB 3.0: the issuer publishes its keys at /.well-known/jwks.json of the issuer id's host.
  let jwksUrl: string;
  try {
    jwksUrl = new URL('/.well-known/jwks.json', issuerId).href;
  } catch {
    return { problem: 'verify:issuerNotUrl' };
  }
  const jwks = await fetchJson(context, jwksUrl);
  if (!jwks.ok)
    return {
      problem: { key: 'verify:issuerKeysUnreachable', values: { reason: jwks.reason } },
    };
  const keys = Array.isArray(jwks.document.keys) ? (jwks.document.keys as { kid?: string }[]) : [];
  const jwk = keys.find((candidate) => candidate.kid === kid) as
    Record<string, unknown> | undefined;
  if (!jwk || 'd' in jwk) return { problem: { key: 'verify:keyNotPublished', values: { kid } } };
  try {
    return { key: createPublicKey({ key: jwk as never, format: 'jwk' }), status: 'foreign' };
  } catch {
    return { problem: { key: 'verify:keyUnreadable', values: { kid } } };
  }
}

/**
 * The Multikey of a Data Integrity proof. Ours come from the key store (with their status);
 * did:key is read from the identifier; an https method from the document it points into, which
 * must list it under assertionMethod.
 */
export async function resolveMultikey(
  context: VerifierContext,
  verificationMethod: string,
): Promise<{ multikey: Multikey; status: KeyStatus; compromisedAt?: Date | null } | null> {
  if (verificationMethod.startsWith(`${context.issuerId}#`)) {
    const own = await findOwnMultikey(context.issuerId, verificationMethod);
    return own && { multikey: own.multikey, status: own.status, compromisedAt: own.compromisedAt };
  }
  const didKey = resolveDidKey(verificationMethod);
  if (didKey) return { multikey: didKey, status: 'foreign' };
  if (!verificationMethod.startsWith('https://')) return null;
  const documentUrl = verificationMethod.split('#')[0]!;
  const fetched = await fetchJson(context, documentUrl);
  if (!fetched.ok) return null;
  const listed = [fetched.document.assertionMethod].flat().filter(Boolean);
  const found = listed.find(
    (method) =>
      typeof method === 'object' && (method as { id?: unknown }).id === verificationMethod,
  ) as Partial<Multikey> | undefined;
  if (!found || found.type !== 'Multikey' || typeof found.publicKeyMultibase !== 'string')
    return null;
  return {
    multikey: {
      id: verificationMethod,
      type: 'Multikey',
      controller: String(found.controller ?? documentUrl),
      publicKeyMultibase: found.publicKeyMultibase,
    },
    status: 'foreign',
  };
}
