// A credential a student brings to their campus wallet (the Open Badges API's upsert) is verified
// first, as any employer's would be, and for the student's own email: a badge of someone else, or
// one that does not verify, is not stored.
import { translateMessage, translatorFor } from '../../i18n';
import type { SafeFetch } from '../../platform/safe-fetch';
import { badgeUrls } from '../open-badges/ob2';
import type { Verdict } from './verification-report';
import { verifyCredential } from './verify.service';

export interface WalletVerification {
  verdict: Verdict;
  /** What failed first, in English (the API's answer to the client). */
  reason: string | null;
  name: string | null;
  issuerName: string | null;
  issuedOn: string | null;
}

export async function verifyForWallet(
  context: { baseUrl: string; fetch: SafeFetch },
  credential: string,
  holderEmail: string,
): Promise<WalletVerification> {
  const result = await verifyCredential(
    { credential, email: holderEmail },
    { baseUrl: context.baseUrl, issuerId: badgeUrls(context.baseUrl).issuer, fetch: context.fetch },
  );
  const failed = result.checks.find((check) => !check.ok);
  return {
    verdict: result.verdict,
    reason: failed ? translateMessage(translatorFor('en'), failed.detail) : null,
    name: result.badge?.name ?? null,
    issuerName: result.badge?.issuer.name ?? null,
    issuedOn: result.badge?.issuedOn ?? null,
  };
}
