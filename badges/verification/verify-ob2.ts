// Open Badges 2.0: hosted assertions (trust only the copy at the assertion's own URL) and signed
// assertions (a JWS whose key the hosted issuer profile lists and owns).
import type { Message } from '../../i18n';
import { compactVerify, decodeProtectedHeader } from 'jose';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { findPublicAward, type PublicAward } from '../awards/award.service';
import {
  allowedJwtAlgorithms,
  checkJoseHeader,
  checkKeyStatus,
  fetchJson,
  resolveJwtKey,
  type ResolvedKey,
  type VerifierContext,
} from './issuer-keys';
import { boundTo, httpsHost, httpsOrigin, servedByIssuer, unbound } from './issuer-binding';
import {
  isFailure,
  type Failure,
  type IssuerBinding,
  type Report,
  type VerifiedCredential,
} from './verification-report';

type Document = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const isOb2Assertion = (document: Document) => [document.type].flat().includes('Assertion');

/** Open Badges 1.0 (`uid` + `verify`) and 0.5 (`badge.issuer.origin`) assertions have no @context. */
export const isLegacyOb1 = (document: Document) =>
  !document['@context'] &&
  ((typeof document.uid === 'string' && typeof document.verify === 'object') ||
    typeof document.badge?.issuer?.origin === 'string');

export const legacyOb1Answer = 'verify:ob1' satisfies Message;

/** The public id of one of our assertion or credential URLs, or null. */
export function ownPublicIdOf(context: VerifierContext, url: URL): string | null {
  if (url.origin !== new URL(context.baseUrl).origin) return null;
  return /\/badges\/(?:assertions|credentials)\/([0-9a-f-]{36})$/.exec(url.pathname)?.[1] ?? null;
}

/** One of our awards as its hosted copy says it (the store is the hosted assertion), or null. */
async function ownAward(
  publicId: string,
  context: VerifierContext,
  format: string,
): Promise<VerifiedCredential | null> {
  let award: PublicAward;
  try {
    award = await findPublicAward(publicId);
  } catch {
    return null;
  }
  return {
    summary: {
      name: '',
      description: null,
      format,
      issuer: { id: context.issuerId, name: '', url: null, verified: true },
      issuedOn: award.issuedOn.toISOString(),
      expires: award.expires?.toISOString() ?? null,
      url: `${context.baseUrl}/badges/assertions/${award.publicId}`,
    },
    credentialId: award.publicId,
    ownPublicId: award.publicId,
    ownAward: award,
    validFrom: award.issuedOn.toISOString(),
    validUntil: award.expires?.toISOString() ?? null,
    recipients: [{ hashed: true, identity: award.recipientHash, salt: award.salt }],
    status: { kind: 'own' },
  };
}

const noSuchBadge = 'verify:noSuchBadge' satisfies Message;

export async function verifyOwnHosted(
  publicId: string,
  context: VerifierContext,
  report: Report,
  format: string,
): Promise<VerifiedCredential | Failure> {
  const own = await ownAward(publicId, context, format);
  if (!own) return report.fail('unknown', 'issuer', noSuchBadge);
  report.pass('proof', 'verify:hostedHere');
  return own;
}

/** Another issuer's hosted assertion: fetched from its id, which must sit on the issuer's host. */
export async function verifyForeignHosted(
  assertionUrl: string,
  context: VerifierContext,
  report: Report,
): Promise<VerifiedCredential | Failure> {
  const fetched = await fetchJson(context, assertionUrl);
  if (!fetched.ok)
    return report.fail('unknown', 'proof', {
      key: 'verify:fetchFailed',
      values: { reason: fetched.reason },
    });
  const assertion = fetched.document;
  if (isLegacyOb1(assertion)) return report.fail('invalid', 'format', legacyOb1Answer);
  if (!isOb2Assertion(assertion) || assertion.id !== assertionUrl)
    return report.fail('tampered', 'proof', 'verify:hostedNotAssertion');
  const badge =
    typeof assertion.badge === 'string'
      ? await fetchJson(context, assertion.badge)
      : { ok: true as const, document: assertion.badge as Document };
  if (!badge.ok || !badge.document)
    return report.fail('invalid', 'schema', 'verify:badgeClassUnreadable');
  const issuer = await issuerProfile(context, badge.document.issuer);
  if (!issuer) return report.fail('unknown-issuer', 'issuer', 'verify:issuerUnreadable');
  report.pass('proof', { key: 'verify:hostedBy', values: { host: new URL(assertionUrl).host } });
  return ob2Verified(
    assertion,
    badge.document,
    issuer.document,
    'Open Badges 2.0 (hosted)',
    {
      kind: 'hosted',
      revoked: fetched.status === 410 || assertion.revoked === true,
      reason: typeof assertion.revocationReason === 'string' ? assertion.revocationReason : null,
    },
    hostedBinding(assertionUrl, fetched.url, issuer),
  );
}

interface IssuerProfileRead {
  document: Document;
  /** Fetched from its own id (no redirect off its origin): the issuer's word, not the badge's. */
  fromItsId: boolean;
  url: string | null;
}

/** The issuer profile a badge class names: fetched from its id, or as embedded (unbound). */
async function issuerProfile(context: VerifierContext, ref: unknown) {
  if (typeof ref === 'string') {
    const fetched = await fetchJson(context, ref);
    if (!fetched.ok || !fetched.document.id) return null;
    return {
      document: fetched.document,
      fromItsId: fetched.document.id === ref && servedByIssuer(ref, fetched.url),
      url: fetched.url,
    } satisfies IssuerProfileRead;
  }
  const embedded = ref as Document | undefined;
  if (!embedded || typeof embedded !== 'object' || !embedded.id) return null;
  // An embedded profile is only the badge's word for it: the issuer's own copy is at its id.
  if (httpsOrigin(embedded.id)) {
    const fetched = await fetchJson(context, String(embedded.id));
    if (
      fetched.ok &&
      fetched.document.id === embedded.id &&
      servedByIssuer(embedded.id, fetched.url)
    )
      return { document: fetched.document, fromItsId: true, url: fetched.url };
  }
  return { document: embedded, fromItsId: false, url: null } satisfies IssuerProfileRead;
}

/** OB 2.0 verification scope: `startsWith` URL prefixes, `allowedOrigins` hosts, else the id's. */
function inVerificationScope(issuer: Document, url: string): boolean {
  const strings = (value: unknown) =>
    [value ?? []].flat().filter((entry): entry is string => typeof entry === 'string');
  const host = new URL(url).host;
  const allowedOrigins = strings(issuer.verification?.allowedOrigins);
  const startsWith = strings(issuer.verification?.startsWith);
  if (startsWith.length && !startsWith.some((prefix) => url.startsWith(prefix))) return false;
  if (allowedOrigins.length) return allowedOrigins.includes(host);
  return startsWith.length > 0 || host === httpsHost(issuer.id);
}

/** A hosted assertion is the issuer's when its own profile says its badges live where it is. */
function hostedBinding(assertionUrl: string, servedAt: string, issuer: IssuerProfileRead) {
  const id = String(issuer.document.id);
  const served = [assertionUrl, servedAt, issuer.url];
  if (!issuer.fromItsId)
    return unbound({ key: 'verify:issuerNotFromItsId', values: { id } }, null, served);
  if (
    !inVerificationScope(issuer.document, assertionUrl) ||
    !inVerificationScope(issuer.document, servedAt)
  )
    return unbound(
      { key: 'verify:hostedOutsideScope', values: { host: new URL(servedAt).host, id } },
      null,
      served,
    );
  return boundTo(httpsHost(id)!, null, served);
}

export async function verifyOb2Signed(
  jws: string,
  context: VerifierContext,
  report: Report,
): Promise<VerifiedCredential | Failure> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let assertion: Document;
  try {
    header = decodeProtectedHeader(jws);
    assertion = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8'));
  } catch {
    return report.fail('unreadable', 'format', 'verify:jwsUnreadable');
  }
  if (isLegacyOb1(assertion)) return report.fail('invalid', 'format', legacyOb1Answer);
  report.pass('format', 'verify:jwsFormat');
  const headerFailure = checkJoseHeader(header, report);
  if (headerFailure) return headerFailure;

  const badgeRef = assertion.badge;
  if (typeof badgeRef === 'string' && badgeRef.startsWith(`${context.baseUrl}/`)) {
    const key = await resolveJwtKey(context, context.issuerId, header.kid);
    if ('problem' in key) return report.fail('unknown-issuer', 'key', key.problem);
    const signed = await checkSignature(jws, key, report);
    if (isFailure(signed)) return signed;
    const publicId = /^urn:uuid:([0-9a-f-]{36})$/.exec(String(signed.id))?.[1];
    if (!publicId) return report.fail('invalid', 'format', 'verify:jwsNoId');
    const own = await ownAward(publicId, context, 'Open Badges 2.0 (signed)');
    if (!own) return report.fail('unknown', 'issuer', noSuchBadge);
    if (own.recipients[0]!.identity !== signed.recipient?.identity)
      return report.fail('tampered', 'proof', 'verify:jwsMismatch');
    return own;
  }
  const key = await foreignSigningKey(assertion, context);
  if ('problem' in key) return report.fail('unknown-issuer', 'key', key.problem);
  const signed = await checkSignature(jws, key, report);
  if (isFailure(signed)) return signed;
  return ob2Verified(
    signed,
    key.badge,
    key.issuer,
    'Open Badges 2.0 (signed)',
    { kind: 'ob2-list', url: String(key.issuer.revocationList ?? '') },
    key.binding,
  );
}

/** The signature over the exact bytes, then the key's standing; the signed assertion. */
async function checkSignature(
  jws: string,
  key: ResolvedKey,
  report: Report,
): Promise<Document | Failure> {
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, key.key, { algorithms: allowedJwtAlgorithms }));
  } catch {
    return report.fail('tampered', 'proof', 'verify:signatureForged');
  }
  report.pass('proof', 'verify:signatureVerified');
  return checkKeyStatus(key, report) ?? JSON.parse(new TextDecoder().decode(payload));
}

async function foreignSigningKey(
  assertion: Document,
  context: VerifierContext,
): Promise<
  | {
      key: KeyObject;
      status: 'foreign';
      compromisedAt?: null;
      badge: Document;
      issuer: Document;
      binding: IssuerBinding;
    }
  | { problem: Message }
> {
  const creator = assertion.verification?.creator;
  if (typeof creator !== 'string') return { problem: 'verify:noCreator' };
  const [keyDocument, badge] = await Promise.all([
    fetchJson(context, creator),
    typeof assertion.badge === 'string'
      ? fetchJson(context, assertion.badge)
      : Promise.resolve({
          ok: true as const,
          document: assertion.badge as Document,
          status: 200,
          url: '',
        }),
  ]);
  if (!keyDocument.ok)
    return {
      problem: { key: 'verify:keyUnreachable', values: { reason: keyDocument.reason } },
    };
  if (!badge.ok || !badge.document) return { problem: 'verify:badgeClassUnreadable' };
  const issuerUrl = badge.document.issuer;
  if (typeof issuerUrl !== 'string') return { problem: 'verify:noIssuerUrl' };
  const issuer = await fetchJson(context, issuerUrl);
  if (!issuer.ok)
    return {
      problem: { key: 'verify:issuerUnreachable', values: { reason: issuer.reason } },
    };
  const listed = [issuer.document.publicKey]
    .flat()
    .map((entry) => (typeof entry === 'string' ? entry : (entry as Document | undefined)?.id));
  if (keyDocument.document.owner !== issuer.document.id || !listed.includes(creator))
    return { problem: 'verify:keyNotIssuers' };
  // The profile must be the one at the issuer's id, and the key served from the issuer's origin:
  // otherwise the profile and the key only say what whoever served them wrote.
  const issuerId = String(issuer.document.id);
  const served = [creator, keyDocument.url, issuerUrl, issuer.url];
  const binding =
    issuerId !== issuerUrl || !servedByIssuer(issuerUrl, issuer.url)
      ? unbound({ key: 'verify:issuerNotFromItsId', values: { id: issuerId } }, creator, served)
      : !servedByIssuer(issuerId, creator, keyDocument.url)
        ? unbound(
            {
              key: 'verify:keyServedElsewhere',
              values: { host: new URL(keyDocument.url).host, id: issuerId },
            },
            creator,
            served,
          )
        : boundTo(httpsHost(issuerId)!, creator, served);
  try {
    return {
      key: createPublicKey(String(keyDocument.document.publicKeyPem)),
      status: 'foreign',
      badge: badge.document,
      issuer: issuer.document,
      binding,
    };
  } catch {
    return { problem: 'verify:issuerKeyUnreadable' };
  }
}

function ob2Verified(
  assertion: Document,
  badge: Document,
  issuer: Document,
  format: string,
  status: VerifiedCredential['status'],
  binding: IssuerBinding,
): VerifiedCredential {
  const recipient = assertion.recipient ?? {};
  return {
    summary: {
      name: String(badge.name ?? 'Badge'),
      description: badge.description ? String(badge.description) : null,
      format,
      issuer: {
        id: String(issuer.id),
        name: String(issuer.name ?? issuer.id),
        url: typeof issuer.url === 'string' ? issuer.url : null,
        // Whoever wrote this profile: the service decides how far the issuer is vouched for.
        verified: false,
      },
      issuedOn: assertion.issuedOn ? String(assertion.issuedOn) : null,
      expires: assertion.expires ? String(assertion.expires) : null,
      url: /^https:/.test(String(assertion.id)) ? String(assertion.id) : null,
    },
    credentialId: String(assertion.id),
    ownPublicId: null,
    validFrom: assertion.issuedOn ? String(assertion.issuedOn) : null,
    validUntil: assertion.expires ? String(assertion.expires) : null,
    recipients:
      recipient.type === 'email'
        ? [
            {
              hashed: recipient.hashed !== false,
              identity: String(recipient.identity ?? ''),
              salt: String(recipient.salt ?? ''),
            },
          ]
        : [],
    status,
    binding,
  };
}
