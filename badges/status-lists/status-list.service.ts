// The W3C Bitstring Status Lists this campus publishes (OB 3.0 release 1.3): each award holds one
// index, taken once; the list credential is built from the awards revoked or suspended in its
// range, signed with the issuer's Ed25519 key, and rebuilt when a verification-changing event
// raises the verification epoch (so a revocation shows in it at once).
import { randomInt } from 'node:crypto';
import { createCredential, createList } from '@digitalbazaar/vc-bitstring-status-list';
import type { Logger } from '../../platform/logger';
import { isDuplicateKeyError } from '../../platform/errors';
import { AwardModel } from '../awards/award.model';
import { getActiveKey, type KeyStoreConfig } from '../keys/key-store';
import { addEddsaProof } from '../open-badges/data-integrity';
import { badgeUrls } from '../open-badges/ob2';
import { ob3Urls, statusListSize, type StatusPurpose } from '../open-badges/ob3';
import {
  currentVerificationEpoch,
  retireCachedVerifications,
} from '../verification/verification-cache';
import { StatusListCounterModel } from './status-list-counter.model';
import { flagsOf, statusListField } from './status-flags';
import { StatusListSlotModel } from './status-list-slot.model';

const counterId = 'awards';

/** Attempts before giving up: each collision means the index was taken already. */
const maxAllocationAttempts = 50;
/**
 * Awards per list before the next list opens: half its entries, so a random pick in the open list
 * collides at most half the time, and the list stays mostly unused bits (herd privacy).
 */
const awardsPerList = statusListSize / 2;

/**
 * A fresh index, never handed out before by this process or any other: a random position in the
 * list being filled (the W3C spec asks for random positions, so an index says nothing about when
 * or in what order awards were issued). The counter only says which list is being filled.
 */
export async function allocateStatusListIndex(): Promise<number> {
  for (let attempt = 0; attempt < maxAllocationAttempts; attempt++) {
    const list = Math.floor(((await raiseCounter()) - 1) / awardsPerList);
    const candidate = list * statusListSize + randomInt(statusListSize);
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
    .select('_id revokedAt suspendedAt')
    .lean();
  let indexed = 0;
  for (const award of unindexed) {
    const statusListIndex = await allocateStatusListIndex();
    const result = await AwardModel.updateOne(
      { _id: award._id, statusListIndex: { $exists: false } },
      // Revoked or suspended before it had a place in a list: its bit is set from the start.
      { $set: { statusListIndex, ...flagsOf({ ...award, statusListIndex }) } },
    );
    indexed += result.modifiedCount;
  }
  if (indexed) {
    logger.info({ indexed }, 'awards given their status list index');
    // Lists signed before this ran lack these awards: they are rebuilt.
    await retireCachedVerifications();
  }
  return indexed;
}

/**
 * Awards revoked or suspended before their status list bits were kept on them (revocationList,
 * suspensionList):
 * each gets the flags its state calls for, so the lists built from the flags keep showing them.
 */
export async function flagRevokedAndSuspendedAwards(logger: Logger): Promise<number> {
  const changed = await AwardModel.find({
    $or: [{ revokedAt: { $exists: true } }, { suspendedAt: { $exists: true } }],
    statusListIndex: { $exists: true },
  })
    .select('_id statusListIndex revokedAt suspendedAt')
    .lean();
  for (const award of changed)
    await AwardModel.updateOne({ _id: award._id }, { $set: flagsOf(award) });
  if (changed.length) {
    logger.info({ flagged: changed.length }, 'revoked and suspended awards flagged in their lists');
    await retireCachedVerifications();
  }
  return changed.length;
}

export interface StatusListConfig extends KeyStoreConfig {
  baseUrl: string;
}

type SignedList = Awaited<ReturnType<typeof buildStatusListCredential>>;

/** How long a signed list is valid, and how often it is re-signed so it never nears the end. */
const listValidityMs = 24 * 60 * 60_000;
const resignAfterMs = 60 * 60_000;
/** What a verifier may cache it for (the route's max-age says the same to HTTP caches). */
export const statusListTtlMs = 60_000;

const signedLists = new Map<
  string,
  { epoch: number; signedAt: number; list: Promise<SignedList> }
>();

/**
 * The signed BitstringStatusListCredential of `purpose` for list number `list`, or null for a
 * list no award can be in yet. Kept per verification epoch (revoking, suspending or lifting a
 * suspension raises it, so the next request signs a new list), re-signed hourly; requests
 * arriving together share one signing.
 */
export async function statusListCredential(
  config: StatusListConfig,
  purpose: StatusPurpose,
  list: number,
): Promise<SignedList | null> {
  if (!Number.isSafeInteger(list) || list < 0) return null;
  const counter = await StatusListCounterModel.findById(counterId).lean();
  const openLists = Math.floor(Math.max((counter?.next ?? 0) - 1, 0) / awardsPerList) + 1;
  if (list >= openLists) return null;
  const epoch = await currentVerificationEpoch();
  const cacheKey = `${purpose}:${list}`;
  const cached = signedLists.get(cacheKey);
  if (cached && cached.epoch === epoch && Date.now() - cached.signedAt < resignAfterMs)
    return cached.list;
  const signing = buildStatusListCredential(config, purpose, list);
  signedLists.set(cacheKey, { epoch, signedAt: Date.now(), list: signing });
  signing.catch(() => signedLists.delete(cacheKey));
  return signing;
}

async function buildStatusListCredential(
  config: StatusListConfig,
  purpose: StatusPurpose,
  list: number,
) {
  const first = list * statusListSize;
  const flagged = await AwardModel.find({ [statusListField[purpose]]: list })
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
  const seconds = (date: Date) => date.toISOString().replace(/\.\d+Z$/, 'Z');
  return addEddsaProof(
    {
      ...unsigned,
      issuer: urls.issuer,
      validFrom: seconds(now),
      validUntil: seconds(new Date(now.getTime() + listValidityMs)),
      credentialSubject: { ...unsigned.credentialSubject, ttl: statusListTtlMs },
    },
    { privateJwk: key.privateKey.export({ format: 'jwk' }), controller: urls.issuer, created: now },
  );
}
