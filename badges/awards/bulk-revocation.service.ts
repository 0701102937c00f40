// Revoking many awards with one reason (e.g. an exam found compromised): each line names an award
// the way admins have it at hand; each is revoked as a single revocation is (hosted 410, lists,
// verifiers, the holder's email), and the answer says what became of every line.
import { AppError, validationFailed } from '../../platform/errors';
import type { EventPublisher } from '../../platform/events';
import { publicIdFromReference } from './award-references';
import { revokeAwardOnce } from './award.service';

/** Enough for an event's roster; a larger revocation is a job for more than one form. */
export const maxBulkRevocations = 500;

export interface BulkRevocationOutcome {
  revoked: string[];
  alreadyRevoked: string[];
  /** Lines that name no award of this campus, as they were written. */
  unknown: string[];
}

export async function revokeAwardsInBulk(
  context: { events: EventPublisher; config: { baseUrl: string } },
  actorId: string,
  references: string[],
  reason: string,
): Promise<BulkRevocationOutcome> {
  const lines = references.map((line) => line.trim()).filter(Boolean);
  if (lines.length === 0) throw validationFailed({ awards: 'badges:errors.bulkEmpty' });
  if (lines.length > maxBulkRevocations)
    throw validationFailed({
      awards: { key: 'badges:errors.bulkTooMany', values: { max: maxBulkRevocations } },
    });
  const outcome: BulkRevocationOutcome = { revoked: [], alreadyRevoked: [], unknown: [] };
  const seen = new Set<string>();
  for (const line of lines) {
    const publicId = publicIdFromReference(line, context.config.baseUrl);
    if (!publicId) {
      outcome.unknown.push(line);
      continue;
    }
    if (seen.has(publicId)) continue;
    seen.add(publicId);
    // What this call did decides the answer: two runs at once never both say "revoked".
    const result = await revokeAwardOnce(context, actorId, publicId, reason).catch((error) => {
      if (error instanceof AppError && error.status === 404) return null;
      throw error;
    });
    if (!result) outcome.unknown.push(line);
    else (result.revokedNow ? outcome.revoked : outcome.alreadyRevoked).push(publicId);
  }
  // Each revocation is audited on its own, with this reason.
  return outcome;
}
