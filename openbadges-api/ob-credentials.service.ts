// The Open Badges API's credentials (spec §6.2.2): a student's own awards, signed by the campus,
// and the credentials of other issuers they stored here, listed together a page at a time; and
// the upsert that stores another issuer's credential once it verifies for the student.
import { createHash } from 'node:crypto';
import type { UserProfile } from '../accounts';
import { countHolderCredentials, listHolderCredentials, verifyForWallet } from '../badges';
import type { Config } from '../platform/config';
import { isDuplicateKeyError } from '../platform/errors';
import type { SafeFetch } from '../platform/safe-fetch';
import { ObApiError } from './imsx-status';
import { WalletCredentialModel } from './wallet-credential.model';

export const maxPageSize = 50;

export interface CredentialsPage {
  total: number;
  credential: object[];
  compactJwsString: string[];
}

/**
 * Page `offset..offset+limit` of the student's credentials issued after `since`: this campus's
 * awards first (oldest first), then the stored ones (oldest first).
 */
export async function listObCredentials(
  config: Config,
  studentId: string,
  page: { offset: number; limit: number; since?: Date },
): Promise<CredentialsPage> {
  const storedFilter = {
    student: studentId,
    ...(page.since ? { issuedOn: { $gt: page.since } } : {}),
  };
  const [own, stored] = await Promise.all([
    countHolderCredentials(studentId, page.since),
    WalletCredentialModel.countDocuments(storedFilter),
  ]);
  const ownPage =
    page.offset < own
      ? await listHolderCredentials(config, studentId, {
          offset: page.offset,
          limit: Math.min(page.limit, own - page.offset),
          since: page.since,
        })
      : [];
  const storedOffset = Math.max(0, page.offset - own);
  const storedLimit = page.limit - ownPage.length;
  const storedPage =
    storedLimit > 0
      ? await WalletCredentialModel.find(storedFilter)
          .sort({ issuedOn: 1, _id: 1 })
          .skip(storedOffset)
          .limit(storedLimit)
          .select('format body')
          .lean()
      : [];
  return {
    total: own + stored,
    credential: [
      ...ownPage,
      ...storedPage
        .filter((entry) => entry.format === 'json')
        .map((entry) => JSON.parse(entry.body) as object),
    ],
    compactJwsString: storedPage.filter((entry) => entry.format === 'jws').map((e) => e.body),
  };
}

const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;

/**
 * Stores another issuer's credential in the student's wallet: verified first (signature, issuer,
 * status, validity, and that it was issued to this student's email). Answers whether it was new.
 */
export async function upsertObCredential(
  context: { config: Config; remoteFetch: SafeFetch },
  student: UserProfile,
  sent: { format: 'json'; credential: Record<string, unknown> } | { format: 'jws'; jws: string },
): Promise<{ created: boolean }> {
  const text = sent.format === 'json' ? JSON.stringify(sent.credential) : sent.jws.trim();
  if (sent.format === 'jws' && !compactJws.test(text))
    throw new ObApiError(400, 'invalid_data', 'The body is not a compact JWS.');
  if (sent.format === 'json' && !isCredentialShaped(sent.credential))
    throw new ObApiError(400, 'invalid_data', 'The body is not an AchievementCredential.');
  const verification = await verifyForWallet(
    { baseUrl: context.config.baseUrl, fetch: context.remoteFetch },
    text,
    student.email,
  );
  if (verification.verdict !== 'valid')
    throw new ObApiError(
      400,
      'invalid_data',
      `The credential was not stored: it does not verify for this student (${verification.verdict}${verification.reason ? `: ${verification.reason}` : ''}).`,
    );
  const key = credentialKey(sent);
  const fields = {
    format: sent.format,
    body: text,
    name: verification.name ?? undefined,
    issuerName: verification.issuerName ?? undefined,
    issuedOn: verification.issuedOn ? new Date(verification.issuedOn) : new Date(),
    storedAt: new Date(),
  };
  try {
    const result = await WalletCredentialModel.updateOne(
      { student: student.id, key },
      { $set: fields },
      { upsert: true },
    );
    return { created: result.upsertedCount === 1 };
  } catch (error) {
    // Two uploads of the same credential at once: the other stored it, this one replaces it.
    if (!isDuplicateKeyError(error)) throw error;
    await WalletCredentialModel.updateOne({ student: student.id, key }, { $set: fields });
    return { created: false };
  }
}

function isCredentialShaped(value: Record<string, unknown>) {
  const types = ([] as unknown[]).concat(value.type ?? []);
  return (
    types.includes('VerifiableCredential') &&
    (types.includes('OpenBadgeCredential') || types.includes('AchievementCredential'))
  );
}

const issuerIdOf = (issuer: unknown): string =>
  typeof issuer === 'string'
    ? issuer
    : typeof (issuer as { id?: unknown } | null)?.id === 'string'
      ? (issuer as { id: string }).id
      : '';

/** The credential's id (the spec's equality), or the hash of its text when it has none. */
function credentialKey(
  sent: { format: 'json'; credential: Record<string, unknown> } | { format: 'jws'; jws: string },
): string {
  // An id is the issuer's to give: two issuers may use the same one.
  if (sent.format === 'json' && typeof sent.credential.id === 'string')
    return `id:${issuerIdOf(sent.credential.issuer)}|${sent.credential.id}`;
  if (sent.format === 'jws') {
    const payload = sent.jws.split('.')[1] ?? '';
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
        jti?: unknown;
        iss?: unknown;
        vc?: { id?: unknown; issuer?: unknown };
        id?: unknown;
        issuer?: unknown;
      };
      const id = claims.vc?.id ?? claims.id ?? claims.jti;
      const issuer = issuerIdOf(claims.vc?.issuer ?? claims.issuer ?? claims.iss);
      if (typeof id === 'string') return `id:${issuer}|${id}`;
    } catch {
      // no readable id: the hash decides
    }
  }
  const text = sent.format === 'json' ? JSON.stringify(sent.credential) : sent.jws;
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}
