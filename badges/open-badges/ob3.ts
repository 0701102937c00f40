// Open Badges 3.0 (VC Data Model 2.0): the OpenBadgeCredential of an award, as a pure function,
// and its VC-JWT form (RS256, the algorithm 1EdTech's validator accepts).
import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { IssuerProfile } from '../issuer/issuer.service';
import { evidenceOf, type AchievementData, type AwardData, type BadgeUrls } from './ob2';
import { signedAssertionId } from './ob2-signed';

export const ob3Contexts = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  // Defines 1EdTechRevocationList and 1EdTechJsonSchemaValidator2019 under VC 2.0.
  'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
];

// Release 1.3 moved the schemas to the json-ld directory (the JSON-LD variant is what we issue).
export const ob3SchemaUrl =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json-ld/ob_v3p0_achievementcredential_schema.json';

/**
 * Entries per Bitstring status list: the 16 KB (131,072 bits) minimum the W3C spec sets for herd
 * privacy. An award's index picks the list (index / size) and its bit in it (index % size).
 */
export const statusListSize = 131_072;

export type StatusPurpose = 'revocation' | 'suspension';

export interface Ob3Urls extends BadgeUrls {
  credential: (publicId: string) => string;
  /** The deprecated 1EdTech list, still read by credentials issued with it. */
  ob3RevocationList: string;
  statusList: (purpose: StatusPurpose, list: number) => string;
}

export function ob3Urls(base: BadgeUrls, baseUrl: string): Ob3Urls {
  return {
    ...base,
    credential: (publicId) => `${baseUrl}/badges/credentials/${publicId}`,
    ob3RevocationList: `${baseUrl}/badges/revocations/ob3`,
    statusList: (purpose, list) => `${baseUrl}/badges/status/${purpose}/${list}`,
  };
}

/**
 * Where an award's status is published. OB 3.0's schema allows one `credentialStatus` object (not
 * a set), so the credential names its revocation entry; suspension is answered by this campus's
 * verifier and pages (see docs/adr/0005-credential-status.md). Awards from before the status
 * lists, until the migration indexes them, keep the deprecated 1EdTech list.
 */
export function credentialStatusOf(urls: Ob3Urls, statusListIndex: number | null | undefined) {
  if (statusListIndex === null || statusListIndex === undefined)
    return { id: urls.ob3RevocationList, type: '1EdTechRevocationList' };
  const list = urls.statusList('revocation', Math.floor(statusListIndex / statusListSize));
  const position = String(statusListIndex % statusListSize);
  return {
    id: `${list}#${position}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: position,
    statusListCredential: list,
  };
}

export function buildOb3Credential(
  award: AwardData & { statusListIndex?: number | null },
  achievement: AchievementData,
  issuer: IssuerProfile,
  urls: Ob3Urls,
) {
  return {
    '@context': ob3Contexts,
    id: urls.credential(award.publicId),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: {
      id: urls.issuer,
      type: ['Profile'],
      name: issuer.name,
      url: issuer.url,
      email: issuer.email,
      ...(issuer.description ? { description: issuer.description } : {}),
    },
    validFrom: award.issuedOn.toISOString(),
    ...(award.expires ? { validUntil: award.expires.toISOString() } : {}),
    awardedDate: award.issuedOn.toISOString(),
    name: achievement.name,
    credentialSubject: {
      // The award's own URN: VC-JWT `sub` must equal it, and it says nothing about the person.
      id: `urn:uuid:${award.publicId}`,
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          hashed: true,
          identityHash: award.recipientHash,
          identityType: 'emailAddress',
          salt: award.salt,
        },
      ],
      achievement: {
        id: urls.achievement(achievement.slug),
        type: ['Achievement'],
        name: achievement.name,
        description: achievement.description,
        criteria: {
          id: urls.achievement(achievement.slug),
          narrative: achievement.criteriaNarrative,
        },
        image: { id: urls.achievementImage(achievement.slug), type: 'Image' },
        tag: achievement.tags,
        alignment: achievement.alignment.map((topic) => ({
          type: ['Alignment'],
          targetName: topic.name,
          targetUrl: topic.url,
        })),
      },
    },
    evidence: evidenceOf(award, urls.credential).map((evidence) => ({
      type: ['Evidence'],
      ...evidence,
    })),
    credentialStatus: credentialStatusOf(urls, award.statusListIndex),
    credentialSchema: [{ id: ob3SchemaUrl, type: '1EdTechJsonSchemaValidator2019' }],
  };
}

export type Ob3Credential = ReturnType<typeof buildOb3Credential>;

/** VC-JWT: the credential in `vc`, with iss, jti, nbf, sub (and exp) as the spec maps them. */
export async function signOb3Jwt(
  credential: Ob3Credential,
  key: { kid: string; privateKey: KeyObject },
): Promise<string> {
  const jwt = new SignJWT({ vc: credential })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(credential.issuer.id)
    .setJti(credential.id)
    .setSubject(credential.credentialSubject.id)
    .setNotBefore(new Date(credential.validFrom))
    .setIssuedAt(new Date(credential.validFrom));
  if ('validUntil' in credential && credential.validUntil)
    jwt.setExpirationTime(new Date(credential.validUntil));
  return jwt.sign(key.privateKey);
}

/**
 * Every id an award is published under: the hosted assertion URL, the signed assertion's URN and
 * the OB 3.0 credential id. Once revoked, the OB 2.0 list names them all.
 */
export function issuedIds(urls: Ob3Urls, publicId: string): string[] {
  return [urls.assertion(publicId), signedAssertionId(publicId), urls.credential(publicId)];
}

/** The 1EdTech revocation list (`revokedCredentials`, the property 1EdTech's validator reads). */
export function buildOb3RevocationList(urls: Ob3Urls, revokedPublicIds: string[]) {
  return {
    id: urls.ob3RevocationList,
    issuer: urls.issuer,
    revokedCredentials: revokedPublicIds.map((publicId) => urls.credential(publicId)),
  };
}
