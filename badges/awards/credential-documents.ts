// Every published form of an award, built in one place for the hosted URLs, the baked images and
// the verifier: the OB 2.0 hosted assertion and its JWS, and the OB 3.0 credential with its
// Data Integrity proof or as a VC-JWT. Each signature is made with the key active now.
import type { KeyStoreConfig } from '../keys/key-store';
import { getActiveKey, publishedMultikeys, publishedRsaKids } from '../keys/key-store';
import { getAchievementData } from '../achievements/achievement.service';
import { getIssuerProfile } from '../issuer/issuer.service';
import { addEddsaProof } from '../open-badges/data-integrity';
import { badgeUrls, buildOb2Assertion, buildOb2Issuer } from '../open-badges/ob2';
import { keyUrl, signOb2Assertion } from '../open-badges/ob2-signed';
import { buildOb3Credential, ob3Urls, signOb3Jwt } from '../open-badges/ob3';
import type { PublicAward } from './award.service';

export interface DocumentsConfig extends KeyStoreConfig {
  baseUrl: string;
}

export async function issuerProfileDocument(baseUrl: string) {
  const urls = badgeUrls(baseUrl);
  const [profile, rsaKids, multikeys] = await Promise.all([
    getIssuerProfile(baseUrl),
    publishedRsaKids(),
    publishedMultikeys(urls.issuer),
  ]);
  const keyUrls = rsaKids.map((kid) => keyUrl(baseUrl, kid));
  return buildOb2Issuer(profile, urls, keyUrls, multikeys);
}

export function hostedAssertion(award: PublicAward, baseUrl: string) {
  return buildOb2Assertion(award, award.achievementSlug, badgeUrls(baseUrl));
}

export async function signedAssertion(config: DocumentsConfig, award: PublicAward) {
  const key = await getActiveKey(config, 'RS256');
  return signOb2Assertion(
    hostedAssertion(award, config.baseUrl),
    { kid: key.kid, privateKey: key.privateKey, keyUrl: keyUrl(config.baseUrl, key.kid) },
    award.publicId,
  );
}

async function unsignedCredential(baseUrl: string, award: PublicAward) {
  const [achievement, issuer] = await Promise.all([
    getAchievementData(award.achievementSlug, baseUrl),
    getIssuerProfile(baseUrl),
  ]);
  return buildOb3Credential(award, achievement, issuer, ob3Urls(badgeUrls(baseUrl), baseUrl));
}

/** The OpenBadgeCredential with an `eddsa-rdfc-2022` proof by the active Ed25519 key. */
export async function signedCredential(config: DocumentsConfig, award: PublicAward) {
  const credential = await unsignedCredential(config.baseUrl, award);
  const key = await getActiveKey(config, 'Ed25519');
  return addEddsaProof(credential, {
    privateJwk: key.privateKey.export({ format: 'jwk' }),
    controller: credential.issuer.id,
    created: new Date(),
  });
}

export async function credentialJwt(config: DocumentsConfig, award: PublicAward) {
  const credential = await unsignedCredential(config.baseUrl, award);
  return signOb3Jwt(credential, await getActiveKey(config, 'RS256'));
}
