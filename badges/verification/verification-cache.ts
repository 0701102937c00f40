// Verification answers for this campus's own credentials, kept in each web process: an employer's
// system re-checking a badge, or a verify link opened by many people, costs one keyed read instead
// of the award, achievement, issuer and status lookups and the signature check.
//
// Never stale past a change: revocation, privacy, key rotation or compromise, the issuer profile
// and an achievement's text each raise the verification epoch (verification-epoch.model.ts), and
// an answer is only served under the epoch it was made at. The process that made the change sees
// the new epoch at once; others re-read it at most `epochRefreshMs` later (`epochMaxStaleMs` while
// the database is too slow to answer that read within `epochWaitMs`). Entries also lapse after
// `ttlMs`, and never outlive the moment a credential becomes valid or expires.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { VerificationResult } from './verification-report';
import { VerificationEpochModel } from './verification-epoch.model';

const epochId = 'verification';
const maxEntries = 10_000;
const ttlMs = 60_000;
const epochRefreshMs = 1_000;
const epochWaitMs = 50;
const epochMaxStaleMs = 5_000;

const answers = new LRUCache<string, VerificationResult>({ max: maxEntries, ttl: ttlMs });
let epoch: { value: number; readAt: number; reading?: Promise<number> } = { value: -1, readAt: 0 };

async function currentEpoch(): Promise<number> {
  const age = Date.now() - epoch.readAt;
  if (age < epochRefreshMs) return epoch.value;
  // Requests arriving together share one read.
  const reading = (epoch.reading ??= VerificationEpochModel.findById(epochId)
    .lean()
    .then((doc) => {
      // A read that started before this process raised the epoch must not lower it again.
      epoch = { value: Math.max(doc?.value ?? 0, epoch.value), readAt: Date.now() };
      return epoch.value;
    })
    .finally(() => {
      delete epoch.reading;
    }));
  if (epoch.value < 0 || age > epochMaxStaleMs) return reading;
  // A busy store must not make every cached answer wait: past `epochWaitMs` the answer is given
  // under the epoch read a moment ago, and the read finishes behind it.
  reading.catch(() => undefined);
  return Promise.race([
    reading,
    new Promise<number>((resolve) => setTimeout(() => resolve(epoch.value), epochWaitMs)),
  ]);
}

/** What a cached answer is filed under: the text presented and the email checked, hashed. */
export function verificationCacheKey(input: { credential?: string; email?: string }): string {
  return createHash('sha256')
    .update(JSON.stringify([input.credential ?? '', input.email ?? '']))
    .digest('base64url');
}

/** The epoch now: what other caches of verification-changing data (status lists) file under. */
export const currentVerificationEpoch = currentEpoch;

/** The cached answer, if any, and the epoch to file a fresh one under. */
export async function cachedVerification(
  key: string,
): Promise<{ answer: VerificationResult | undefined; epoch: number }> {
  const at = await currentEpoch();
  return { answer: answers.get(`${at}:${key}`), epoch: at };
}

/** Keeps an answer made at `at`, no longer than until the credential's next validity boundary. */
export function keepVerification(
  key: string,
  at: number,
  answer: VerificationResult,
  boundaries: (string | null | undefined)[],
): void {
  const now = Date.now();
  const next = boundaries
    .map((boundary) => (boundary ? Date.parse(boundary) - now : Number.NaN))
    .filter((ms) => ms > 0);
  const ttl = Math.min(ttlMs, ...next);
  if (ttl >= 1000) answers.set(`${at}:${key}`, answer, { ttl });
}

/** After any change that can alter an answer: retires every cached one. */
export async function retireCachedVerifications(): Promise<void> {
  const raised = await VerificationEpochModel.findOneAndUpdate(
    { _id: epochId },
    { $inc: { value: 1 } },
    { upsert: true, returnDocument: 'after' },
  ).lean();
  epoch = { value: raised!.value, readAt: Date.now() };
}
