// Which status list bits an award sets, kept on the award as `<purpose>:<list>` (`revocation:0`)
// in the same update that revokes or suspends it: a list is then built from the few awards
// flagged in it, an equality on an index, instead of a range over every award of the list (at
// 50,000 awards that range was a 10-second scan on the dev store, bench/status-lists).
import { statusListSize, type StatusPurpose } from '../open-badges/ob3';

export const statusFlag = (purpose: StatusPurpose, list: number) => `${purpose}:${list}`;

/** The flag an award with this index gets when `purpose` applies (none before it has an index). */
export function statusFlagsFor(
  purpose: StatusPurpose,
  statusListIndex: number | null | undefined,
): string[] {
  if (statusListIndex === null || statusListIndex === undefined) return [];
  return [statusFlag(purpose, Math.floor(statusListIndex / statusListSize))];
}

/** Every flag an award's state calls for: what the migration and the index allocation set. */
export function statusFlagsOf(award: {
  statusListIndex?: number | null;
  revokedAt?: Date | null;
  suspendedAt?: Date | null;
}): string[] {
  return [
    ...(award.revokedAt ? statusFlagsFor('revocation', award.statusListIndex) : []),
    ...(award.suspendedAt ? statusFlagsFor('suspension', award.statusListIndex) : []),
  ];
}
