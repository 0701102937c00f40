import { Schema, model, Types, type InferSchemaType } from 'mongoose';

export const auditActions = [
  'course.published',
  'course.placement_changed',
  'course.archived',
  'course.restored',
  'specialization.created',
  'specialization.published',
  'specialization.unpublished',
  'attendance.override',
  'attendance.linked',
  'attendance.imported',
  'completion.recomputed',
  'cohort.imported',
  'issuer.updated',
  'key.rotated',
  'key.compromised',
  'trusted_issuer.saved',
  'trusted_issuer.removed',
  'achievement.created',
  'achievement.updated',
  'award.revoked',
  'award.suspended',
  'award.suspension-lifted',
  'award.renewed',
  'awards.imported',
  'account.email_changed',
  'integration.created',
  'two_factor.reset',
  'account.disabled',
  'account.enabled',
] as const;
export type AuditAction = (typeof auditActions)[number];

// Who changed what, append-only: staff actions that change a student's record or what students
// take. Never updated or deleted by the application.
const auditEntrySchema = new Schema({
  actor: { type: Types.ObjectId, ref: 'User', required: true },
  action: { type: String, enum: auditActions, required: true },
  /** The student whose record changed, when there is one. */
  student: { type: Types.ObjectId, ref: 'User' },
  course: { type: Types.ObjectId, ref: 'Course' },
  details: { type: Schema.Types.Mixed, default: {} },
  at: { type: Date, required: true },
});
auditEntrySchema.index({ student: 1, at: -1 });
auditEntrySchema.index({ course: 1, at: -1 });
auditEntrySchema.index({ at: -1 });

export type AuditEntry = InferSchemaType<typeof auditEntrySchema>;
export const AuditEntryModel = model('AuditEntry', auditEntrySchema);
