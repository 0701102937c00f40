// Revoking many awards with one reason (e.g. an exam found compromised): each line names an award
// the way admins have it at hand; each is revoked as a single revocation is (hosted 410, lists,
// verifiers, the holder's email), and the answer says what became of every line.
import type { Language } from '../../i18n';
import { AppError, validationFailed } from '../../platform/errors';
import { AchievementModel } from '../achievements/achievement.model';
import { achievementNameIn } from '../achievements/achievement-queries';
import type { EventPublisher } from '../../platform/events';
import { publicIdFromReference } from './award-references';
import { AwardModel } from './award.model';
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
  const lines = bulkLines(references);
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

/** The lines of a bulk revocation, trimmed, refused when none or too many. */
function bulkLines(references: string[]): string[] {
  const lines = references.map((line) => line.trim()).filter(Boolean);
  if (lines.length === 0) throw validationFailed({ awards: 'badges:errors.bulkEmpty' });
  if (lines.length > maxBulkRevocations)
    throw validationFailed({
      awards: { key: 'badges:errors.bulkTooMany', values: { max: maxBulkRevocations } },
    });
  return lines;
}

export interface BulkRevocationPreviewLine {
  line: string;
  /** What revoking would do with it. */
  status: 'revoke' | 'already-revoked' | 'unknown' | 'unreadable' | 'repeated';
  holder: string | null;
  badge: string | null;
  issuedOn: Date | null;
}

/**
 * What a bulk revocation would do, line by line, before anything is revoked: whose badge each
 * line names, which, and when it was issued, so an admin sees the people before confirming
 * (the Portuguese review found the form revoked up to 500 ids on a tick alone).
 */
export async function previewBulkRevocation(
  baseUrl: string,
  references: string[],
  reader: Language,
): Promise<BulkRevocationPreviewLine[]> {
  const lines = bulkLines(references);
  const ids = lines.map((line) => publicIdFromReference(line, baseUrl));
  const awards = await AwardModel.find({ publicId: { $in: ids.filter(Boolean) } })
    .select('publicId recipientName issuedOn revokedAt achievement')
    .lean();
  const achievements = await AchievementModel.find({
    _id: { $in: [...new Set(awards.map((award) => String(award.achievement)))] },
  })
    .select('name language translations')
    .lean();
  const badgeName = new Map(
    achievements.map((achievement) => [
      String(achievement._id),
      achievementNameIn(achievement, reader),
    ]),
  );
  const byId = new Map(awards.map((award) => [award.publicId, award]));
  const seen = new Set<string>();
  return lines.map((line, index) => {
    const id = ids[index];
    const award = id ? byId.get(id) : undefined;
    if (!award)
      return {
        line,
        status: id ? 'unknown' : 'unreadable',
        holder: null,
        badge: null,
        issuedOn: null,
      };
    const repeated = seen.has(award.publicId);
    seen.add(award.publicId);
    return {
      line,
      status: repeated ? 'repeated' : award.revokedAt ? 'already-revoked' : 'revoke',
      holder: award.recipientName,
      badge: badgeName.get(String(award.achievement)) ?? null,
      issuedOn: award.issuedOn,
    };
  });
}
