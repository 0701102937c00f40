// An award as public URLs and verification show it. Apart from award.service.ts so the
// verification report can name it without importing the service (which retires verifications).
export interface PublicAward {
  publicId: string;
  /** The holder's user id: never published, only compared with the viewer's. */
  holderId: string;
  achievementSlug: string;
  recipientName: string;
  issuedOn: Date;
  expires: Date | null;
  revokedAt: Date | null;
  revocationReason: string | null;
  /** Suspended (by an admin, until lifted): not valid meanwhile. */
  suspendedAt: Date | null;
  suspensionReason: string | null;
  /** Its position in the Bitstring status lists (null on awards not yet indexed). */
  statusListIndex: number | null;
  private: boolean;
  /** How it was earned: a completion, a renewal of `renews`, or an admin's import. */
  origin: 'completion' | 'renewal' | 'import';
  /** The publicId of the award this one renews. */
  renews: string | null;
  /** Replaced by a renewal: when, and the renewal's publicId. */
  renewedAt: Date | null;
  renewedBy: string | null;
  /** What an admin's import says of it (e.g. the event attended). */
  evidenceNote: string | null;
  salt: string;
  recipientHash: string;
  evidence: {
    courses: { slug?: string | null; title?: string | null; completedAt?: Date | null }[];
  };
}
