// Employers verify many badges at once: up to 100 credentials (ids, links, JWTs, JSON), from a
// list or a CSV (the first column; a header row is skipped), each answered as /verify would, in
// the order given. A few at a time, so one batch of other issuers' badges cannot hold every
// outbound connection; this campus's own answer from the verification cache.
import { readCsvRows } from '../../platform/csv';
import { z } from 'zod';
import { validationFailed } from '../../platform/errors';
import type { VerificationResult } from './verification-report';
import { verifyCredential, type VerifierContext } from './verify.service';

export const maxBatchCredentials = 100;
const concurrency = 4;

export const batchVerifyInput = z.object({
  credentials: z.union([
    z.array(z.string().max(200_000)).max(maxBatchCredentials * 2),
    z.string().max(2_000_000),
  ]),
});

/**
 * The credentials named by pasted text (one per line) or a CSV file (its first column). A JSON
 * credential spans commas, so pasted lines are taken whole.
 */
export function credentialsFrom(input: { text?: unknown; csv?: Buffer }): string[] {
  let lines: string[];
  if (input.csv) {
    lines = readCsvRows(input.csv, 'file', 'verify:batch.notCsv').map((record) => record[0] ?? '');
  } else if (Array.isArray(input.text)) lines = input.text.map(String);
  else lines = String(input.text ?? '').split(/\r?\n/);
  const credentials = lines.map((line) => line.trim()).filter(Boolean);
  if (credentials.some((credential) => credential.length > 200_000))
    throw validationFailed({ credentials: 'verify:batch.tooLong' });
  // A header row names the column; it is not a credential.
  if (
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

export async function verifyBatch(
  credentials: string[],
  verifier: VerifierContext,
): Promise<BatchAnswer[]> {
  const answers: BatchAnswer[] = new Array(credentials.length);
  let next = 0;
  const worker = async () => {
    while (next < credentials.length) {
      const index = next++;
      const credential = credentials[index]!;
      answers[index] = {
        given: credential.length > 80 ? `${credential.slice(0, 77)}…` : credential,
        result: await verifyCredential({ credential }, verifier),
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, credentials.length) }, worker));
  return answers;
}
