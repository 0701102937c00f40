// Grants that open restricted courses: written here only (admins grant through cohorts).
import type { Types } from 'mongoose';
import { isDuplicateKeyError } from '../../platform/errors';
import { AccessGrantModel } from './access-grant.model';

/**
 * Opens every course, restricted ones included, to a student (a mentoring cohort, say). Unique
 * per (student, kind): true when this call granted it, false when it was granted before.
 */
export async function grantAllCoursesAccess(grant: {
  studentId: Types.ObjectId | string;
  cohort: string;
  grantedBy: Types.ObjectId | string;
}): Promise<boolean> {
  try {
    const result = await AccessGrantModel.updateOne(
      { student: grant.studentId, kind: 'all-courses' },
      {
        $setOnInsert: { cohort: grant.cohort, grantedBy: grant.grantedBy, grantedAt: new Date() },
      },
      { upsert: true },
    );
    return result.upsertedCount > 0;
  } catch (error) {
    // A racing grant of the same student won the upsert: granted before, by the other.
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
