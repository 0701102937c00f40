// Which status lists have an award's bit set, kept on the award as the list's number
// (`revocationList`, `suspensionList`) in the same update that revokes or suspends it: a list is
// then built from the few awards flagged in it, one equality on an index, instead of a range over
// every award of the list (at 50,000 awards that range was a 10-second scan on the dev store,
// bench/status-lists). Scalars, not an array of flags: an equality on a scalar is what both
// MongoDB and the dev store answer from the index alone.
import { statusListSize, type StatusPurpose } from '../open-badges/ob3';

/** The award field that holds the number of the `purpose` list its bit is set in. */
export const statusListField = {
  revocation: 'revocationList',
  suspension: 'suspensionList',
} as const satisfies Record<StatusPurpose, string>;

/** The list an index falls in (none before the award has an index). */
export const listOfIndex = (statusListIndex: number | null | undefined) =>
  statusListIndex === null || statusListIndex === undefined
    ? undefined
    : Math.floor(statusListIndex / statusListSize);

/** The `$set` that flags an award with this index in the `purpose` list ({} without an index). */
export function flagIn(
  purpose: StatusPurpose,
  statusListIndex: number | null | undefined,
): Partial<Record<(typeof statusListField)[StatusPurpose], number>> {
  const list = listOfIndex(statusListIndex);
  return list === undefined ? {} : { [statusListField[purpose]]: list };
}

/** Every flag an award's state calls for: what the migration and the index allocation set. */
export function flagsOf(award: {
  statusListIndex?: number | null;
  revokedAt?: Date | null;
  suspendedAt?: Date | null;
}) {
  return {
    ...(award.revokedAt ? flagIn('revocation', award.statusListIndex) : {}),
    ...(award.suspendedAt ? flagIn('suspension', award.statusListIndex) : {}),
  };
}
