// Employers verify many badges at once: up to 100 credentials (ids, links, JWTs, JSON), from a
// list or a CSV (the first column; a header row is skipped), each answered as /verify would, in
// the order given. A few at a time, so one batch of other issuers' badges cannot hold every
// outbound connection; this campus's own answer from the verification cache.
import { readCsvRows } from '../../platform/csv';
import { z } from 'zod';
import { validationFailed } from '../../platform/errors';
import { withVerificationDeadline } from '../../platform/safe-fetch';
import type { VerificationResult } from './verification-report';
import { verifyCredential, type VerifierContext } from './verify.service';

export const maxBatchCredentials = 100;
const concurrency = 4;
/**
 * All of a batch's outbound fetches share this deadline (each verification keeps its own too):
 * a list of 100 slow issuers answers within it, their status unconfirmed, instead of holding the
 * request for 25 rounds of single-verification deadlines.
 */
export const batchDeadlineMs = 30_000;

/**
 * The API's JSON body is at most 100 KB (the app's body limit): a hundred ids or links fit, a
 * hundred signed credentials do not; those go in several requests, or in the page's CSV (2 MB).
 */
export const batchVerifyInput = z.object({
  credentials: z.union([
    z.array(z.string().max(100_000)).max(maxBatchCredentials * 2),
    z.string().max(100_000),
  ]),
});

/**
 * The credentials named by pasted text (one per line) or a CSV file (its first column). A JSON
 * credential spans commas, so pasted lines are taken whole.
 */
export function credentialsFrom(input: { text?: unknown; csv?: Buffer }): string[] {
  let lines: string[];
  if (input.csv) {
    // A header row and the limit, plus one to tell "too many"; a row holds one credential.
    lines = readCsvRows(input.csv, 'file', 'verify:batch.notCsv', {
      maxRows: maxBatchCredentials + 1,
      maxRowBytes: 210_000,
    }).map((record) => record[0] ?? '');
  } else if (Array.isArray(input.text)) lines = input.text.map(String);
  else lines = String(input.text ?? '').split(/\r?\n/);
  const credentials = lines.map((line) => line.trim()).filter(Boolean);
  if (credentials.some((credential) => credential.length > 200_000))
    throw validationFailed({ credentials: 'verify:batch.tooLong' });
  // A CSV's header row names the column; it is not a credential.
  if (
    input.csv &&
    credentials[0] &&
    /^(credential|badge|id|link|url|credencial|insignia|ins[ií]gnia)s?$/i.test(credentials[0])
  )
    credentials.shift();
  if (credentials.length === 0) throw validationFailed({ credentials: 'verify:batch.empty' });
  if (credentials.length > maxBatchCredentials)
    throw validationFailed({
      credentials: { key: 'verify:batch.tooMany', values: { max: maxBatchCredentials } },
    });
  return credentials;
}

export interface BatchAnswer {
  /** The credential as given, shortened for display. */
  given: string;
  result: VerificationResult;
}

/**
 * Each distinct credential is verified once (a list may repeat one), a few at a time; when the
 * client has gone (`stillWanted` false) no new verification starts.
 */
export async function verifyBatch(
  credentials: string[],
  verifier: VerifierContext,
  stillWanted: () => boolean = () => true,
  deadlineMs = batchDeadlineMs,
): Promise<BatchAnswer[]> {
  const batchVerifier = {
    ...verifier,
    fetch: withVerificationDeadline(verifier.fetch, deadlineMs),
  };
  const distinct = [...new Set(credentials)];
  const results = new Map<string, VerificationResult>();
  let next = 0;
  const worker = async () => {
    while (next < distinct.length && stillWanted()) {
      const credential = distinct[next++]!;
      results.set(credential, await verifyCredential({ credential }, batchVerifier));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, distinct.length) }, worker));
  return credentials.flatMap((credential) => {
    const result = results.get(credential);
    return result
      ? [{ given: credential.length > 80 ? `${credential.slice(0, 77)}…` : credential, result }]
      : [];
  });
}
