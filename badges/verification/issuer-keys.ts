// Finding the key a credential claims, and whether it belongs to its issuer. This campus's keys
// come from its own key store (never over the network); another issuer's from its published
// documents, fetched through the SSRF-safe fetcher; did:key identifiers from the identifier.
import type { Message } from '../../i18n';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { SigningKeyModel } from '../keys/signing-key.model';
import { findOwnMultikey } from '../keys/key-store';
import { resolveDidKey, type Multikey } from '../open-badges/data-integrity';
import { RemoteFetchError, type SafeFetch } from '../../platform/safe-fetch';
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
  /** Another issuer's key: the address its JWKS was finally served from (after redirects). */
  servedAt?: string;
}

/** Where a Data Integrity key came from: what binds it (or not) to an issuer. */
export type MultikeySource =
  | { kind: 'own' }
  | { kind: 'did:key' }
  | { kind: 'did:web'; domain: string; servedAt: string }
  | { kind: 'https'; servedAt: string };

export interface ResolvedMultikey {
  multikey: Multikey;
  status: KeyStatus;
  compromisedAt?: Date | null;
  source: MultikeySource;
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
    return {
      key: createPublicKey({ key: jwk as never, format: 'jwk' }),
      status: 'foreign',
      servedAt: jwks.url,
    };
  } catch {
    return { problem: { key: 'verify:keyUnreadable', values: { kid } } };
  }
}

/**
 * The Multikey of a Data Integrity proof. Ours come from the key store (with their status);
 * did:key is read from the identifier; did:web from the DID document on its domain; an https
 * method from the document it points into. Either document must list it under assertionMethod.
 */
export async function resolveMultikey(
  context: VerifierContext,
  verificationMethod: string,
): Promise<ResolvedMultikey | null> {
  if (verificationMethod.startsWith(`${context.issuerId}#`)) {
    const own = await findOwnMultikey(context.issuerId, verificationMethod);
    return (
      own && {
        multikey: own.multikey,
        status: own.status,
        compromisedAt: own.compromisedAt,
        source: { kind: 'own' },
      }
    );
  }
  const didKey = resolveDidKey(verificationMethod);
  if (didKey) return { multikey: didKey, status: 'foreign', source: { kind: 'did:key' } };
  if (verificationMethod.startsWith('did:web:')) return resolveDidWeb(context, verificationMethod);
  if (!verificationMethod.startsWith('https://')) return null;
  const documentUrl = verificationMethod.split('#')[0]!;
  const fetched = await fetchJson(context, documentUrl);
  if (!fetched.ok) return null;
  const found = listedMultikey(fetched.document, verificationMethod, documentUrl);
  return (
    found && {
      multikey: { ...found, controller: found.controller || documentUrl },
      status: 'foreign',
      source: { kind: 'https', servedAt: fetched.url },
    }
  );
}

/** did:web:host[:path] → https://host/.well-known/did.json or https://host/path/did.json. */
export function didWebDocumentUrl(did: string): URL | null {
  const [host, ...path] = did.slice('did:web:'.length).split(':').map(decodeURIComponent);
  if (!host || path.some((segment) => !segment || segment.includes('/'))) return null;
  try {
    const url = new URL(`https://${host}`);
    if (url.pathname !== '/' || url.search || url.username) return null;
    url.pathname = path.length ? `/${path.join('/')}/did.json` : '/.well-known/did.json';
    return url;
  } catch {
    return null;
  }
}

async function resolveDidWeb(
  context: VerifierContext,
  verificationMethod: string,
): Promise<ResolvedMultikey | null> {
  const did = verificationMethod.split('#')[0]!;
  const url = didWebDocumentUrl(did);
  if (!url) return null;
  const fetched = await fetchJson(context, url.href);
  if (!fetched.ok || fetched.document.id !== did) return null;
  const found = listedMultikey(fetched.document, verificationMethod, did);
  return (
    found && {
      multikey: { ...found, controller: found.controller || did },
      status: 'foreign',
      source: { kind: 'did:web', domain: url.host, servedAt: fetched.url },
    }
  );
}

/**
 * The Multikey `verificationMethod` as a document lists it under assertionMethod (embedded, or by
 * id into verificationMethod; ids may be relative to the document's).
 */
function listedMultikey(
  document: Record<string, unknown>,
  verificationMethod: string,
  base: string,
): Multikey | null {
  const absolute = (id: unknown) =>
    typeof id === 'string' && id.startsWith('#') ? `${base}${id}` : id;
  const methods = [document.verificationMethod, document.assertionMethod]
    .flat()
    .filter((method): method is Record<string, unknown> => !!method && typeof method === 'object');
  const asserted = [document.assertionMethod]
    .flat()
    .map((method) =>
      absolute(typeof method === 'string' ? method : (method as { id?: unknown } | null)?.id),
    );
  if (!asserted.includes(verificationMethod)) return null;
  const found = methods.find((method) => absolute(method.id) === verificationMethod);
  if (!found || found.type !== 'Multikey' || typeof found.publicKeyMultibase !== 'string')
    return null;
  return {
    id: verificationMethod,
    type: 'Multikey',
    controller: typeof found.controller === 'string' ? found.controller : '',
    publicKeyMultibase: found.publicKeyMultibase,
  };
}
