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
  salt: string;
  recipientHash: string;
  evidence: {
    courses: { slug?: string | null; title?: string | null; completedAt?: Date | null }[];
  };
}
