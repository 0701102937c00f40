// The audit trail: a line per staff action, readable by admins next to the record it changed.
import type { Types } from 'mongoose';
import { AuditEntryModel, type AuditAction } from './audit-entry.model';

export interface AuditView {
  at: string;
  action: AuditAction;
  actor: { id: string; displayName: string };
  details: Record<string, unknown>;
}

export async function recordAudit(entry: {
  actor: string;
  action: AuditAction;
  student?: string | Types.ObjectId;
  course?: string | Types.ObjectId;
  details?: Record<string, unknown>;
}): Promise<void> {
  await AuditEntryModel.create({ ...entry, at: new Date() });
}

export async function listAuditEntries(filter: {
  student?: string;
  course?: string;
}): Promise<AuditView[]> {
  const entries = await AuditEntryModel.find(filter)
    .sort({ at: -1 })
    .limit(200)
    .populate<{ actor: { _id: Types.ObjectId; displayName: string } }>('actor', 'displayName')
    .lean();
  return entries.map((entry) => ({
    at: entry.at.toISOString(),
    action: entry.action as AuditAction,
    actor: { id: String(entry.actor._id), displayName: entry.actor.displayName },
    details: entry.details as Record<string, unknown>,
  }));
}
