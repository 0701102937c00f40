// Another issuer's W3C Bitstring status lists. The list credential is fetched (SSRF-safe, 1 MB at
// most) and believed only when it is a BitstringStatusListCredential of the credential's own
// issuer, for the entry's purpose, inside its validity window, at least 131,072 entries long, and
// signed (eddsa-rdfc-2022) by a key bound to that issuer the way a credential's key must be:
// served from the issuer's origin, its own did:web, or the did:key the issuer id is. A list
// secured otherwise (a VC-JWT list, a list issued by a third party) leaves the status
// unconfirmed, never "valid". Verified lists are kept a few minutes, as the spec suggests, so a
// batch of credentials naming one list costs one fetch; the inflate is capped and asynchronous.
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import type { Message } from '../../i18n';
import { verifyEddsaProof } from '../open-badges/data-integrity';
import { dataIntegrityBinding } from './issuer-binding';
import { fetchJson, resolveMultikey, type VerifierContext } from './issuer-keys';
import type { BitstringEntry } from './verification-report';

const gunzipAsync = promisify(gunzip);

/**
 * A Bitstring status list is at least 16 KB (131,072 entries, for herd privacy); 16 MiB holds 134
 * million entries, more than any issuer publishes, and is the most a gzip bomb (the list comes from
 * another issuer, 1 MB at most over the wire) can make this process allocate.
 */
const maxStatusListBytes = 16 * 1024 * 1024;
const minStatusListBytes = 131_072 / 8;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A list shown to be its issuer's: who issued it, for what, its bits. */
interface VerifiedList {
  issuerId: string;
  purposes: string[];
  bits: Buffer;
}

const verifiedLists = new LRUCache<string, VerifiedList>({
  maxSize: 64 * 1024 * 1024,
  sizeCalculation: (list) => Math.max(list.bits.length, 1),
  ttl: 5 * 60_000,
});
const listsInFlight = new Map<string, Promise<VerifiedList | { why: Message | string }>>();

/**
 * The entries a credential names with a purpose this verifier acts on (a required `statusPurpose`
 * of revocation or suspension, one bit each), without repeats.
 */
export function bitstringEntries(credentialStatus: unknown): BitstringEntry[] {
  const seen = new Set<string>();
  return ([credentialStatus].flat().filter(Boolean) as Json[])
    .filter(
      (entry) =>
        entry.type === 'BitstringStatusListEntry' &&
        (entry.statusPurpose === 'revocation' || entry.statusPurpose === 'suspension') &&
        typeof entry.statusListCredential === 'string' &&
        (entry.statusSize === undefined || Number(entry.statusSize) === 1),
    )
    .map((entry) => ({
      purpose: entry.statusPurpose,
      url: entry.statusListCredential,
      index: /^\d{1,10}$/.test(String(entry.statusListIndex)) ? Number(entry.statusListIndex) : -1,
    }))
    .filter((entry) => {
      const key = `${entry.purpose} ${entry.url} ${entry.index}`;
      return !seen.has(key) && Boolean(seen.add(key));
    });
}

/** Why the bit could not be read: a message, or the fetcher's own words (a host and a status). */
export type BitAnswer = { ok: true; set: boolean } | { ok: false; why: Message | string };

type Why =
  | 'list'
  | 'listTooLarge'
  | 'listTooShort'
  | 'listPurpose'
  | 'listIssuer'
  | 'listExpired'
  | 'listUnsigned'
  | 'listSignature';

const because = (key: Why): { why: Message } => ({ why: { key: `verify:why.${key}`, values: {} } });

/** The entry's bit, once its list credential is shown to be the issuer's. */
export async function readBitstringEntry(
  context: VerifierContext,
  issuerId: string,
  entry: BitstringEntry,
): Promise<BitAnswer> {
  if (entry.index < 0) return { ok: false, ...because('list') };
  const list = await verifiedList(context, entry.url);
  if ('why' in list) return { ok: false, why: list.why };
  if (list.issuerId !== issuerId) return { ok: false, ...because('listIssuer') };
  if (!list.purposes.includes(entry.purpose)) return { ok: false, ...because('listPurpose') };
  // Bit 0 is the first (most significant) bit of the first byte, as the spec orders them.
  const byte = list.bits[Math.floor(entry.index / 8)];
  if (byte === undefined) return { ok: false, ...because('list') };
  return { ok: true, set: Boolean((byte >> (7 - (entry.index % 8))) & 1) };
}

/** A list, verified once per few minutes and per URL however many entries ask for it at once. */
async function verifiedList(context: VerifierContext, url: string) {
  const cached = verifiedLists.get(url);
  if (cached) return cached;
  let reading = listsInFlight.get(url);
  if (!reading) {
    reading = fetchAndVerifyList(context, url).finally(() => listsInFlight.delete(url));
    listsInFlight.set(url, reading);
  }
  return reading;
}

async function fetchAndVerifyList(
  context: VerifierContext,
  url: string,
): Promise<VerifiedList | { why: Message | string }> {
  const fetched = await fetchJson(context, url);
  if (!fetched.ok) return { why: fetched.reason };
  const list = fetched.document as Json;
  const subject = (list.credentialSubject ?? {}) as Json;
  const listIssuer = typeof list.issuer === 'string' ? list.issuer : list.issuer?.id;
  if (
    ![list.type].flat().includes('BitstringStatusListCredential') ||
    subject.type !== 'BitstringStatusList' ||
    typeof listIssuer !== 'string' ||
    typeof subject.encodedList !== 'string' ||
    !subject.encodedList.startsWith('u')
  )
    return because('list');
  const now = Date.now();
  const from = Date.parse(String(list.validFrom ?? list.issuanceDate ?? ''));
  const until = Date.parse(String(list.validUntil ?? list.expirationDate ?? ''));
  if ((from && from > now) || (until && until < now)) return because('listExpired');

  // The key must be the list issuer's and bound to it as a credential's would be: a key document
  // served elsewhere may name any controller.
  let bound = false;
  const proof = await verifyEddsaProof(list, async (method) => {
    const key = await resolveMultikey(context, method);
    if (!key || key.status === 'compromised') return null;
    bound =
      key.source.kind === 'did:key' ||
      dataIntegrityBinding(listIssuer, key.multikey.id, key.source).boundTo !== null;
    return key.multikey;
  });
  if (!proof.ok) return because(proof.reason === 'no-proof' ? 'listUnsigned' : 'listSignature');
  if (!bound) return because('listSignature');

  let bits: Buffer;
  try {
    bits = await gunzipAsync(Buffer.from(subject.encodedList.slice(1), 'base64url'), {
      maxOutputLength: maxStatusListBytes,
    });
  } catch (error) {
    const tooLarge = (error as { code?: string } | null)?.code === 'ERR_BUFFER_TOO_LARGE';
    return because(tooLarge ? 'listTooLarge' : 'list');
  }
  if (bits.length < minStatusListBytes) return because('listTooShort');
  const verified = {
    issuerId: listIssuer,
    purposes: [subject.statusPurpose].flat().map(String),
    bits,
  };
  verifiedLists.set(url, verified);
  return verified;
}
