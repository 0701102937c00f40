// Another issuer's W3C Bitstring status lists, read the way the spec asks: the list credential is
// fetched (SSRF-safe), must be a BitstringStatusListCredential of the same issuer and purpose,
// signed by that issuer (eddsa-rdfc-2022), within its validity window; only then is the bit read.
// The gunzip is capped: the list comes from anyone.
import { gunzipSync } from 'node:zlib';
import type { Message } from '../../i18n';
import { verifyEddsaProof } from '../open-badges/data-integrity';
import { fetchJson, resolveMultikey, type VerifierContext } from './issuer-keys';
import type { BitstringEntry } from './verification-report';

/**
 * A Bitstring status list is at least 16 KB (131,072 entries, for herd privacy); 16 MiB holds 134
 * million entries, more than any issuer publishes, and is the most a gzip bomb (the list comes from
 * another issuer, 1 MB at most over the wire) can make this process allocate.
 */
const maxStatusListBytes = 16 * 1024 * 1024;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The entries a credential names, with the purposes this verifier acts on. */
export function bitstringEntries(credentialStatus: unknown): BitstringEntry[] {
  return ([credentialStatus].flat().filter(Boolean) as Json[])
    .filter(
      (entry) =>
        entry.type === 'BitstringStatusListEntry' &&
        ['revocation', 'suspension'].includes(entry.statusPurpose ?? 'revocation') &&
        typeof entry.statusListCredential === 'string',
    )
    .map((entry) => ({
      purpose: entry.statusPurpose ?? 'revocation',
      url: entry.statusListCredential,
      index: /^\d{1,10}$/.test(String(entry.statusListIndex)) ? Number(entry.statusListIndex) : -1,
    }));
}

/** Why the bit could not be read: a message, or the fetcher's own words (a host and a status). */
export type BitAnswer = { ok: true; set: boolean } | { ok: false; why: Message | string };

type Why =
  | 'list'
  | 'listTooLarge'
  | 'listPurpose'
  | 'listIssuer'
  | 'listExpired'
  | 'listUnsigned'
  | 'listSignature';

const why = (key: Why): BitAnswer => ({ ok: false, why: { key: `verify:why.${key}`, values: {} } });

/** The entry's bit, once its list credential is shown to be the issuer's. */
export async function readBitstringEntry(
  context: VerifierContext,
  issuerId: string,
  entry: BitstringEntry,
): Promise<BitAnswer> {
  if (entry.index < 0) return why('list');
  const fetched = await fetchJson(context, entry.url);
  if (!fetched.ok) return { ok: false, why: fetched.reason };
  const list = fetched.document as Json;
  const subject = (list.credentialSubject ?? {}) as Json;
  const listIssuer = typeof list.issuer === 'string' ? list.issuer : list.issuer?.id;
  if (
    ![list.type].flat().includes('BitstringStatusListCredential') ||
    subject.type !== 'BitstringStatusList'
  )
    return why('list');
  if (![subject.statusPurpose].flat().includes(entry.purpose)) return why('listPurpose');
  if (listIssuer !== issuerId) return why('listIssuer');
  const now = Date.now();
  const from = Date.parse(String(list.validFrom ?? ''));
  const until = Date.parse(String(list.validUntil ?? ''));
  if ((from && from > now) || (until && until < now)) return why('listExpired');
  const proof = await verifyEddsaProof(list, async (method) => {
    const key = await resolveMultikey(context, method);
    return key && key.status !== 'compromised' ? key.multikey : null;
  });
  if (!proof.ok) return why(proof.reason === 'no-proof' ? 'listUnsigned' : 'listSignature');
  let bits: Buffer;
  try {
    const encoded = subject.encodedList;
    if (typeof encoded !== 'string' || !encoded.startsWith('u')) throw new Error('encoding');
    bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'), {
      maxOutputLength: maxStatusListBytes,
    });
  } catch (error) {
    const tooLarge = (error as { code?: string } | null)?.code === 'ERR_BUFFER_TOO_LARGE';
    return why(tooLarge ? 'listTooLarge' : 'list');
  }
  // Bit 0 is the first (most significant) bit of the first byte, as the spec orders them.
  const byte = bits[Math.floor(entry.index / 8)];
  if (byte === undefined) return why('list');
  return { ok: true, set: Boolean((byte >> (7 - (entry.index % 8))) & 1) };
}
