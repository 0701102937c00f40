// A holder's credentials as other systems fetch them (the Open Badges API, wallets): each award
// not revoked, as the signed OpenBadgeCredential, oldest first, a page at a time.
import type { Types } from 'mongoose';
import type { DocumentsConfig } from './credential-documents';
import { signedCredential } from './credential-documents';
import { AwardModel } from './award.model';
import { findPublicAward } from './award.service';

const holdersAwards = (studentId: string, since?: Date) => ({
  student: studentId as unknown as Types.ObjectId,
  revokedAt: { $exists: false },
  ...(since ? { issuedOn: { $gt: since } } : {}),
});

export async function countHolderCredentials(studentId: string, since?: Date): Promise<number> {
  return AwardModel.countDocuments(holdersAwards(studentId, since));
}

export async function listHolderCredentials(
  config: DocumentsConfig,
  studentId: string,
  page: { offset: number; limit: number; since?: Date },
) {
  const awards = await AwardModel.find(holdersAwards(studentId, page.since))
    .select('publicId')
    .sort({ issuedOn: 1, _id: 1 })
    .skip(page.offset)
    .limit(page.limit)
    .lean();
  const holder = { id: studentId, roles: [] };
  return Promise.all(
    awards.map(async (award) =>
      signedCredential(config, await findPublicAward(award.publicId, holder)),
    ),
  );
}
