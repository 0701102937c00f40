// The issuers this campus knows: admins list another issuer's id with the keys or origins it signs
// and serves from, after checking them by other means (a contract, a call). A matching badge is
// "valid, issuer known to this campus"; the list never makes a signature valid, it only names who
// stands behind one. Every change is audited and retires cached verification answers.
import { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service';
import { notFound, upsertRetryingOnce } from '../../platform/errors';
import { TrustedIssuerModel } from './trusted-issuer.model';
import { retireCachedVerifications } from './verification-cache';
import type { IssuerBinding } from './verification-report';

const maxListed = 20;

export interface TrustedIssuerView {
  issuerId: string;
  name: string;
  keyIds: string[];
  origins: string[];
}

const isIssuerId = (value: string) =>
  /^did:(?:key|web):[\w.%:-]{1,400}$/.test(value) || httpsUrl(value) !== null;

function httpsUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && !url.username && !url.password ? url : null;
  } catch {
    return null;
  }
}

/** A textarea of one entry per line (or an array, from the API) as a list. */
const lines = (value: unknown) =>
  typeof value === 'string'
    ? value
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
    : (value ?? []);

export const trustedIssuerInput = z
  .object({
    issuerId: z
      .string()
      .trim()
      .max(500, 'verify:trusted.validation.issuerId')
      .refine(isIssuerId, 'verify:trusted.validation.issuerId'),
    name: z.string().trim().min(2, 'verify:trusted.validation.name').max(200),
    keyIds: z.preprocess(
      lines,
      z
        .array(z.string().trim().min(1).max(1000, 'verify:trusted.validation.keyId'))
        .max(maxListed, 'verify:trusted.validation.tooMany'),
    ),
    origins: z.preprocess(
      lines,
      z
        .array(
          z
            .string()
            .trim()
            .max(300)
            .refine(
              (value) => httpsUrl(value)?.origin === value.replace(/\/$/, ''),
              'verify:trusted.validation.origin',
            )
            .transform((value) => new URL(value).origin),
        )
        .max(maxListed, 'verify:trusted.validation.tooMany'),
    ),
  })
  .refine((input) => input.keyIds.length + input.origins.length > 0, {
    path: ['keyIds'],
    message: 'verify:trusted.validation.keyOrOrigin',
  });
export type TrustedIssuerInput = z.infer<typeof trustedIssuerInput>;

export const trustedIssuerRemoval = z.object({ issuerId: z.string().trim().min(1).max(500) });

export async function listTrustedIssuers(): Promise<TrustedIssuerView[]> {
  const entries = await TrustedIssuerModel.find().sort({ name: 1 }).limit(500).lean();
  return entries.map(({ issuerId, name, keyIds, origins }) => ({
    issuerId,
    name,
    keyIds,
    origins,
  }));
}

export async function saveTrustedIssuer(actorId: string, input: TrustedIssuerInput) {
  // Two admins saving the same new issuer at once: the loser updates the row the winner made.
  await upsertRetryingOnce(() =>
    TrustedIssuerModel.updateOne(
      { issuerId: input.issuerId },
      { $set: { ...input, addedBy: actorId } },
      { upsert: true },
    ),
  );
  await retireCachedVerifications();
  await recordAudit({ actor: actorId, action: 'trusted_issuer.saved', details: { ...input } });
}

export async function removeTrustedIssuer(actorId: string, issuerId: string) {
  const removed = await TrustedIssuerModel.findOneAndDelete({ issuerId }).lean();
  if (!removed) throw notFound();
  await retireCachedVerifications();
  await recordAudit({
    actor: actorId,
    action: 'trusted_issuer.removed',
    details: { issuerId, name: removed.name },
  });
}

/**
 * The listed entry for a credential's issuer, when the credential used a listed key or came only
 * from listed origins; else null (a listed issuer id alone is something anyone can write).
 */
export async function findTrustedIssuerFor(
  issuerId: string,
  binding: IssuerBinding,
): Promise<TrustedIssuerView | null> {
  const entry = await TrustedIssuerModel.findOne({ issuerId: String(issuerId) }).lean();
  if (!entry) return null;
  const keyListed = binding.keyId !== null && entry.keyIds.includes(binding.keyId);
  const servedFromListed =
    binding.servedFrom.length > 0 &&
    binding.servedFrom.every((origin) => entry.origins.includes(origin));
  return keyListed || servedFromListed ? entry : null;
}
