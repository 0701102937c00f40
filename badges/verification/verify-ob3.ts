// Open Badges 3.0: an OpenBadgeCredential as JSON with an eddsa-rdfc-2022 proof, or as a VC-JWT.
// Schema first, then the proof over the exact bytes, then whose key it is.
import { compactVerify, decodeProtectedHeader, errors as joseErrors } from 'jose';
import { verifyEddsaProof } from '../open-badges/data-integrity';
import { findOb3SchemaErrors } from '../open-badges/ob3-schema';
import {
  allowedJwtAlgorithms,
  checkJoseHeader,
  checkKeyStatus,
  isOwnIssuer,
  resolveJwtKey,
  resolveMultikey,
  type VerifierContext,
} from './issuer-keys';
import { bitstringEntries } from './bitstring-status';
import {
  boundTo,
  dataIntegrityBinding,
  httpsHost,
  servedByIssuer,
  unbound,
} from './issuer-binding';
import type {
  Failure,
  IssuerBinding,
  Report,
  StatusSource,
  VerifiedCredential,
} from './verification-report';

type Credential = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ownCredentialPath = /\/badges\/credentials\/([0-9a-f-]{36})$/;

export const isOb3Credential = (document: Record<string, unknown>) =>
  [document.type].flat().includes('VerifiableCredential');

const maxStatusEntries = 4;

function checkSchema(credential: Credential, report: Report): Failure | null {
  // The VC data model allows a lone proof object (1EdTech's own test vector has one) where the
  // OB 3.0 schema wants a set: read it as a set of one.
  const asSet =
    credential.proof && !Array.isArray(credential.proof)
      ? { ...credential, proof: [credential.proof] }
      : credential;
  // VC 2.0 allows several statuses (the W3C status list spec shows a revocation and a suspension
  // entry side by side); OB 3.0's schema describes one. Each must then be a status the schema
  // accepts, checked one at a time.
  const statuses = [credential.credentialStatus].flat();
  // At most a few: each may make the verifier fetch a list.
  const errors = Array.isArray(credential.credentialStatus)
    ? statuses.length === 0 || statuses.length > maxStatusEntries
      ? [`credentialStatus: 1 to ${maxStatusEntries} entries`]
      : statuses.flatMap((status) => findOb3SchemaErrors({ ...asSet, credentialStatus: status }))
    : findOb3SchemaErrors(asSet);
  if (errors.length)
    return report.fail('invalid', 'schema', {
      key: 'verify:schemaInvalid',
      values: { errors: errors.slice(0, 3).join('; ') },
    });
  report.pass('schema', 'verify:schemaOk');
  return null;
}

export async function verifyOb3Json(
  credential: Credential,
  context: VerifierContext,
  report: Report,
  format = 'Open Badges 3.0 credential',
): Promise<VerifiedCredential | Failure> {
  const schemaFailure = checkSchema(credential, report);
  if (schemaFailure) return schemaFailure;
  // The resolver runs inside the proof check; keep what it found for the key's status.
  const found: { key?: Awaited<ReturnType<typeof resolveMultikey>> } = {};
  const proof = await verifyEddsaProof(credential, async (verificationMethod) => {
    found.key = await resolveMultikey(context, verificationMethod);
    return found.key?.multikey ?? null;
  });
  if (!proof.ok) {
    switch (proof.reason) {
      case 'no-proof':
        return report.fail('tampered', 'proof', 'verify:noProof');
      case 'unsupported':
        return report.fail('invalid', 'proof', 'verify:proofUnsupported');
      case 'unknown-key':
        return report.fail('unknown-issuer', 'key', 'verify:proofUnknownKey');
      case 'wrong-issuer':
        return report.fail('unknown-issuer', 'key', 'verify:proofWrongIssuer');
      default:
        return report.fail('tampered', 'proof', 'verify:proofMismatch');
    }
  }
  report.pass('proof', 'verify:proofVerified');
  const key = found.key!;
  const keyFailure = checkKeyStatus(key, report);
  if (keyFailure) return keyFailure;
  return describe(
    credential,
    context,
    format,
    key.source.kind === 'own',
    dataIntegrityBinding(issuerIdOf(credential), key.multikey.id, key.source),
  );
}

const issuerIdOf = (credential: Credential): unknown =>
  typeof credential.issuer === 'string' ? credential.issuer : credential.issuer?.id;

export async function verifyOb3Jwt(
  jwt: string,
  context: VerifierContext,
  report: Report,
): Promise<VerifiedCredential | Failure> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: Credential;
  try {
    header = decodeProtectedHeader(jwt);
    claims = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
  } catch {
    return report.fail('unreadable', 'format', 'verify:jwtUnreadable');
  }
  report.pass('format', 'verify:jwtFormat');
  const headerFailure = checkJoseHeader(header, report);
  if (headerFailure) return headerFailure;
  if (header.typ !== undefined && header.typ !== 'JWT')
    return report.fail('invalid', 'format', {
      key: 'verify:jwtTyp',
      values: { typ: String(header.typ) },
    });
  const credential = claims.vc as Credential | undefined;
  if (!credential || typeof credential !== 'object')
    return report.fail('invalid', 'format', 'verify:jwtNoVc');
  const schemaFailure = checkSchema(credential, report);
  if (schemaFailure) return schemaFailure;
  const issuerId = issuerIdOf(credential) as string;
  const resolved = await resolveJwtKey(context, issuerId, header.kid);
  if ('problem' in resolved) return report.fail('unknown-issuer', 'key', resolved.problem);
  try {
    // The algorithm list stops swaps: an RS256 key never verifies an HS256 or ES256 token.
    await compactVerify(jwt, resolved.key, { algorithms: allowedJwtAlgorithms });
  } catch (error) {
    return report.fail(
      'tampered',
      'proof',
      error instanceof joseErrors.JOSEAlgNotAllowed ? 'verify:jwtAlgMismatch' : 'verify:jwtForged',
    );
  }
  report.pass('proof', { key: 'verify:jwtVerified', values: { alg: header.alg } });
  // The registered claims must say what the credential says (VC-JWT mapping).
  const mismatch =
    claims.iss !== issuerId
      ? 'iss'
      : claims.jti !== credential.id
        ? 'jti'
        : claims.sub !== undefined && claims.sub !== credential.credentialSubject?.id
          ? 'sub'
          : null;
  if (mismatch)
    return report.fail('tampered', 'proof', {
      key: 'verify:jwtClaimMismatch',
      values: { claim: mismatch },
    });
  const keyFailure = checkKeyStatus(resolved, report);
  if (keyFailure) return keyFailure;
  // Another issuer's JWKS is read at its id's origin; a redirect elsewhere unbinds it.
  const servedAt = resolved.servedAt ?? null;
  const kid = String(header.kid);
  const binding = !servedAt
    ? boundTo(httpsHost(issuerId) ?? '', kid, [])
    : servedByIssuer(issuerId, servedAt)
      ? boundTo(httpsHost(issuerId)!, kid, [servedAt])
      : unbound(
          {
            key: 'verify:keyServedElsewhere',
            values: { host: httpsHost(servedAt), id: String(issuerId) },
          },
          kid,
          [servedAt],
        );
  return describe(
    credential,
    context,
    'Open Badges 3.0 credential (VC-JWT)',
    resolved.status !== 'foreign',
    binding,
  );
}

function statusSource(credential: Credential, own: boolean): StatusSource {
  if (own) return { kind: 'own' };
  const statuses = [credential.credentialStatus].flat().filter(Boolean) as Credential[];
  if (statuses.length === 0) return { kind: 'none' };
  const entries = bitstringEntries(credential.credentialStatus);
  if (entries.length)
    return { kind: 'bitstring', issuerId: String(issuerIdOf(credential)), entries };
  const legacy = statuses.find((entry) => entry.type === '1EdTechRevocationList');
  return { kind: 'ob3-list', url: typeof legacy?.id === 'string' ? legacy.id : '' };
}

function describe(
  credential: Credential,
  context: VerifierContext,
  format: string,
  signedWithOwnKey: boolean,
  binding: IssuerBinding,
): VerifiedCredential {
  const issuer =
    typeof credential.issuer === 'string' ? { id: credential.issuer } : credential.issuer;
  // Ours only when our key signed it: anyone can write our issuer id into a document.
  const own = signedWithOwnKey && isOwnIssuer(context, issuer.id);
  const achievement = credential.credentialSubject?.achievement ?? {};
  const identifiers = [credential.credentialSubject?.identifier]
    .flat()
    .filter(Boolean) as Credential[];
  return {
    summary: {
      name: String(achievement.name ?? credential.name ?? 'Badge'),
      description: achievement.description ? String(achievement.description) : null,
      format,
      issuer: {
        id: String(issuer.id),
        name: String(issuer.name ?? issuer.id),
        url: typeof issuer.url === 'string' ? issuer.url : null,
        verified: own,
      },
      issuedOn: credential.validFrom ?? credential.issuanceDate ?? null,
      expires: credential.validUntil ?? null,
      url:
        typeof credential.id === 'string' && /^https:/.test(credential.id) ? credential.id : null,
    },
    credentialId: String(credential.id ?? ''),
    ownPublicId: own ? (ownCredentialPath.exec(String(credential.id))?.[1] ?? null) : null,
    validFrom: credential.validFrom ?? null,
    validUntil: credential.validUntil ?? null,
    recipients: identifiers
      .filter((identifier) => identifier.identityType === 'emailAddress')
      .map((identifier) => ({
        hashed: Boolean(identifier.hashed),
        identity: String(identifier.identityHash ?? ''),
        salt: String(identifier.salt ?? ''),
      })),
    status: statusSource(credential, own),
    ...(own ? {} : { binding }),
  };
}
