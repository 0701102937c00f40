// The W3C Bitstring Status Lists this campus publishes (OB 3.0 release 1.3): each award holds one
// index, taken once; the list credential is built from the awards revoked or suspended in its
// range, signed with the issuer's Ed25519 key, and rebuilt when a verification-changing event
// raises the verification epoch (so a revocation shows in it at once).
import { createCredential, createList } from '@digitalbazaar/vc-bitstring-status-list';
import type { Logger } from '../../platform/logger';
import { isDuplicateKeyError } from '../../platform/errors';
import { AwardModel } from '../awards/award.model';
import { getActiveKey, type KeyStoreConfig } from '../keys/key-store';
import { addEddsaProof } from '../open-badges/data-integrity';
import { badgeUrls } from '../open-badges/ob2';
import { ob3Urls, statusListSize, type StatusPurpose } from '../open-badges/ob3';
import { currentVerificationEpoch } from '../verification/verification-cache';
import { StatusListCounterModel } from './status-list-counter.model';
import { StatusListSlotModel } from './status-list-slot.model';

const counterId = 'awards';

/** Attempts before giving up: each collision means another process took that index meanwhile. */
const maxAllocationAttempts = 50;

/** A fresh index: never handed out before, by this process or any other. */
export async function allocateStatusListIndex(): Promise<number> {
  for (let attempt = 0; attempt < maxAllocationAttempts; attempt++) {
    const candidate = (await raiseCounter()) - 1;
    try {
      await StatusListSlotModel.create({ _id: candidate, takenAt: new Date() });
      return candidate;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  throw new Error('no free status list index after repeated collisions');
}

async function raiseCounter(): Promise<number> {
  const raise = () =>
    StatusListCounterModel.findOneAndUpdate(
      { _id: counterId },
      { $inc: { next: 1 } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
  try {
    return (await raise())!.next;
  } catch (error) {
    // Two first allocations at once: the other created the counter, so this is a plain $inc now.
    if (!isDuplicateKeyError(error)) throw error;
    return (await raise())!.next;
  }
}

/**
 * Awards from before the status lists get their index, each once: the update matches only an
 * award without one, so a second process running this skips what the first did (an index it
 * took meanwhile is left unused, which a status list allows).
 */
export async function indexAwardsWithoutStatus(logger: Logger): Promise<number> {
  const unindexed = await AwardModel.find({ statusListIndex: { $exists: false } })
    .select('_id')
    .lean();
  let indexed = 0;
  for (const award of unindexed) {
    const result = await AwardModel.updateOne(
      { _id: award._id, statusListIndex: { $exists: false } },
      { $set: { statusListIndex: await allocateStatusListIndex() } },
    );
    indexed += result.modifiedCount;
  }
  if (indexed) logger.info({ indexed }, 'awards given their status list index');
  return indexed;
}

export interface StatusListConfig extends KeyStoreConfig {
  baseUrl: string;
}

type SignedList = Awaited<ReturnType<typeof buildStatusListCredential>>;
const signedLists = new Map<string, { epoch: number; credential: SignedList }>();

/**
 * The signed BitstringStatusListCredential of `purpose` for list number `list`, or null for a
 * list no award can be in yet. Cached per verification epoch: revoking, suspending or lifting a
 * suspension raises it, so the next request signs a new list.
 */
export async function statusListCredential(
  config: StatusListConfig,
  purpose: StatusPurpose,
  list: number,
): Promise<SignedList | null> {
  if (!Number.isSafeInteger(list) || list < 0) return null;
  const counter = await StatusListCounterModel.findById(counterId).lean();
  if (list * statusListSize >= Math.max(counter?.next ?? 0, 1)) return null;
  const epoch = await currentVerificationEpoch();
  const cacheKey = `${purpose}:${list}`;
  const cached = signedLists.get(cacheKey);
  if (cached && cached.epoch === epoch) return cached.credential;
  const credential = await buildStatusListCredential(config, purpose, list);
  signedLists.set(cacheKey, { epoch, credential });
  return credential;
}

async function buildStatusListCredential(
  config: StatusListConfig,
  purpose: StatusPurpose,
  list: number,
) {
  const first = list * statusListSize;
  const flagged = await AwardModel.find({
    statusListIndex: { $gte: first, $lt: first + statusListSize },
    ...(purpose === 'revocation'
      ? { revokedAt: { $exists: true } }
      : { suspendedAt: { $exists: true } }),
  })
    .select('statusListIndex')
    .lean();
  const bits = await createList({ length: statusListSize });
  for (const award of flagged) bits.setStatus(award.statusListIndex! - first, true);
  const urls = ob3Urls(badgeUrls(config.baseUrl), config.baseUrl);
  const unsigned = await createCredential({
    id: urls.statusList(purpose, list),
    list: bits,
    statusPurpose: purpose,
  });
  const key = await getActiveKey(config, 'Ed25519');
  const now = new Date();
  return addEddsaProof(
    { ...unsigned, issuer: urls.issuer, validFrom: now.toISOString().replace(/\.\d+Z$/, 'Z') },
    { privateJwk: key.privateKey.export({ format: 'jwk' }), controller: urls.issuer, created: now },
  );
}
