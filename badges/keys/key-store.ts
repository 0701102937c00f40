// The only module that touches private keys. Keys are made on first start (one RSA key for
// OB 2.0 JWS and VC-JWT, one Ed25519 key for Data Integrity proofs), kept encrypted in MongoDB,
// decrypted in memory when signing, and published (public parts only) in the JWKS.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  randomUUID,
  type JsonWebKeyInput,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import { seal, unseal, type Sealed } from '../../platform/secret-box';
import { recordAudit } from '../../platform/audit/audit.service';
import { isDuplicateKeyError, notFound } from '../../platform/errors';
import {
  ed25519PublicKeyMultibase,
  verificationMethodId,
  type Multikey,
} from '../open-badges/data-integrity';
import { keyAlgorithms, SigningKeyModel, type KeyAlgorithm } from './signing-key.model';
import { retireCachedVerifications } from '../verification/verification-cache';

export interface KeyStoreConfig {
  credentialKeySecret: string;
}

export interface ActiveKey {
  kid: string;
  algorithm: KeyAlgorithm;
  privateKey: KeyObject;
  publicJwk: Record<string, string>;
}

export interface KeyView {
  kid: string;
  algorithm: KeyAlgorithm;
  status: 'active' | 'retired' | 'compromised';
  createdAt: string;
  retiredAt: string | null;
  compromisedAt: string | null;
}

// Sealed under CREDENTIAL_KEY_SECRET for this purpose, with the kid as associated data (a
// ciphertext moved to another key's record fails to open).
const sealPurpose = 'campus-signing-keys';

function encrypt(config: KeyStoreConfig, kid: string, pkcs8: Buffer) {
  return seal(config.credentialKeySecret, sealPurpose, kid, pkcs8);
}

function decrypt(config: KeyStoreConfig, kid: string, sealed: Sealed): KeyObject {
  const pkcs8 = unseal(config.credentialKeySecret, sealPurpose, kid, sealed);
  return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
}

// Off the event loop: an RSA 3072 key takes up to a second of CPU, and a web process making one
// at start-up or at a rotation must keep answering (its store-health probe included).
const generateKeyPairAsync = promisify(generateKeyPair);

function generate(
  algorithm: KeyAlgorithm,
): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  return algorithm === 'RS256'
    ? generateKeyPairAsync('rsa', { modulusLength: 3072 })
    : generateKeyPairAsync('ed25519');
}

/** Stores a new active key; false when another process made one first (the unique slot). */
async function createActiveKey(config: KeyStoreConfig, algorithm: KeyAlgorithm): Promise<boolean> {
  const { publicKey, privateKey } = await generate(algorithm);
  const kid = `${algorithm.toLowerCase()}-${randomUUID()}`;
  const publicJwk = {
    ...(publicKey.export({ format: 'jwk' }) as Record<string, string>),
    kid,
    use: 'sig',
    ...(algorithm === 'RS256' ? { alg: 'RS256' } : {}),
  };
  try {
    await SigningKeyModel.create({
      kid,
      algorithm,
      slot: algorithm,
      status: 'active',
      publicJwk,
      encryptedPrivateKey: encrypt(
        config,
        kid,
        privateKey.export({ format: 'der', type: 'pkcs8' }),
      ),
      createdAt: new Date(),
    });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** At start: an active key per algorithm, made once even when several processes start together. */
export async function ensureSigningKeys(config: KeyStoreConfig): Promise<void> {
  for (const algorithm of keyAlgorithms) {
    if (await SigningKeyModel.exists({ slot: algorithm })) continue;
    await createActiveKey(config, algorithm);
  }
}

const decrypted = new Map<string, KeyObject>();

export async function getActiveKey(
  config: KeyStoreConfig,
  algorithm: KeyAlgorithm,
): Promise<ActiveKey> {
  let record = await SigningKeyModel.findOne({ slot: algorithm }).lean();
  if (!record) {
    await createActiveKey(config, algorithm);
    record = await SigningKeyModel.findOne({ slot: algorithm }).lean();
  }
  if (!record) throw new Error(`no active ${algorithm} signing key`);
  let privateKey = decrypted.get(record.kid);
  if (!privateKey) {
    privateKey = decrypt(config, record.kid, record.encryptedPrivateKey!);
    decrypted.set(record.kid, privateKey);
  }
  return {
    kid: record.kid,
    algorithm,
    privateKey,
    publicJwk: record.publicJwk as Record<string, string>,
  };
}

/** Public keys that verify what we signed: active and retired ones, never compromised ones. */
export async function publishedJwks(): Promise<{ keys: Record<string, string>[] }> {
  const keys = await SigningKeyModel.find({ status: { $in: ['active', 'retired'] } })
    .sort({ createdAt: 1 })
    .select('publicJwk')
    .lean();
  return { keys: keys.map((key) => key.publicJwk as Record<string, string>) };
}

/** A new key signs from now on; the old one stays published to verify what it signed. Audited. */
export async function rotateKey(
  config: KeyStoreConfig,
  actorId: string,
  algorithm: KeyAlgorithm,
): Promise<KeyView> {
  const current = await SigningKeyModel.findOne({ slot: algorithm }).lean();
  if (current) {
    await SigningKeyModel.updateOne(
      { _id: current._id, slot: algorithm },
      { $set: { slot: current.kid, status: 'retired', retiredAt: new Date() } },
    );
  }
  await createActiveKey(config, algorithm);
  await retireCachedVerifications();
  const key = toView((await SigningKeyModel.findOne({ slot: algorithm }).lean())!);
  await recordAudit({
    actor: actorId,
    action: 'key.rotated',
    details: { algorithm, kid: key.kid },
  });
  return key;
}

/**
 * A compromised key is unpublished at once and everything it signed is flagged by verification.
 * If it was the active key, a new one takes its place.
 */
export async function markKeyCompromised(
  config: KeyStoreConfig,
  actorId: string,
  kid: string,
): Promise<KeyView> {
  const key = await SigningKeyModel.findOne({ kid }).lean();
  if (!key) throw notFound('key');
  await SigningKeyModel.updateOne(
    { kid },
    { $set: { slot: kid, status: 'compromised', compromisedAt: new Date() } },
  );
  decrypted.delete(kid);
  await retireCachedVerifications(); // what it signed is now flagged
  await recordAudit({ actor: actorId, action: 'key.compromised', details: { kid } });
  if (key.status === 'active') await createActiveKey(config, key.algorithm as KeyAlgorithm);
  return toView((await SigningKeyModel.findOne({ kid }).lean())!);
}

/** A published (active or retired) key's public part as PEM, for OB 2.0 CryptographicKey documents. */
export async function findPublishedKeyPem(kid: string): Promise<string | null> {
  const key = await SigningKeyModel.findOne({ kid, status: { $in: ['active', 'retired'] } })
    .select('publicJwk')
    .lean();
  if (!key) return null;
  return createPublicKey({ key: key.publicJwk as JsonWebKeyInput['key'], format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
}

/** Kids of the published RSA keys (what OB 2.0 issuer profiles list as publicKey). */
export async function publishedRsaKids(): Promise<string[]> {
  const keys = await SigningKeyModel.find({
    algorithm: 'RS256',
    status: { $in: ['active', 'retired'] },
  })
    .sort({ createdAt: 1 })
    .select('kid')
    .lean();
  return keys.map((key) => key.kid);
}

/** The Ed25519 keys as Multikeys controlled by the issuer, for its profile's `assertionMethod`. */
export async function publishedMultikeys(issuerId: string): Promise<Multikey[]> {
  const keys = await SigningKeyModel.find({
    algorithm: 'Ed25519',
    status: { $in: ['active', 'retired'] },
  })
    .sort({ createdAt: 1 })
    .select('publicJwk')
    .lean();
  return Promise.all(keys.map((key) => toMultikey(issuerId, key.publicJwk as object)));
}

async function toMultikey(issuerId: string, publicJwk: object): Promise<Multikey> {
  const publicKeyMultibase = await ed25519PublicKeyMultibase(publicJwk);
  return {
    id: verificationMethodId(issuerId, publicKeyMultibase),
    type: 'Multikey',
    controller: issuerId,
    publicKeyMultibase,
  };
}

/**
 * One of our Ed25519 keys by its verification method id, in any status: verification must know
 * a compromised key to say so, rather than call it unknown.
 */
export async function findOwnMultikey(
  issuerId: string,
  verificationMethod: string,
): Promise<{ multikey: Multikey; status: KeyView['status']; compromisedAt: Date | null } | null> {
  const keys = await SigningKeyModel.find({ algorithm: 'Ed25519' })
    .select('publicJwk status compromisedAt')
    .lean();
  for (const key of keys) {
    const multikey = await toMultikey(issuerId, key.publicJwk as object);
    if (multikey.id === verificationMethod)
      return {
        multikey,
        status: key.status as KeyView['status'],
        compromisedAt: key.compromisedAt ?? null,
      };
  }
  return null;
}

export async function listKeys(): Promise<KeyView[]> {
  const keys = await SigningKeyModel.find().sort({ createdAt: -1 }).lean();
  return keys.map(toView);
}

function toView(key: {
  kid: string;
  algorithm: string;
  status: string;
  createdAt: Date;
  retiredAt?: Date | null;
  compromisedAt?: Date | null;
}): KeyView {
  return {
    kid: key.kid,
    algorithm: key.algorithm as KeyAlgorithm,
    status: key.status as KeyView['status'],
    createdAt: key.createdAt.toISOString(),
    retiredAt: key.retiredAt?.toISOString() ?? null,
    compromisedAt: key.compromisedAt?.toISOString() ?? null,
  };
}
