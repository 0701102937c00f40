// Baking into PNG (Open Badges baking specs): exactly one uncompressed iTXt chunk whose keyword is
// `openbadges` (2.0: the assertion JSON or its JWS) or `openbadgecredential` (3.0: the credential
// JSON or its VC-JWT). Chunk parsing and CRCs are left to png-chunks-extract/-encode.
import extractChunks from 'png-chunks-extract';
import encodeChunks from 'png-chunks-encode';
import { decodeSync, encodeSync } from 'png-chunk-itxt';

export type BadgeKeyword = 'openbadges' | 'openbadgecredential';
const badgeKeywords: readonly string[] = ['openbadges', 'openbadgecredential'];

/**
 * The start of an iTXt chunk (keyword, compression flag), read without decoding the text: a
 * compressed chunk is never inflated here, so a few hundred KB of zlib cannot become gigabytes.
 */
function itxtHeader(data: Uint8Array): { keyword: string; compressed: boolean } | null {
  const end = data.indexOf(0);
  if (end < 1 || end > 79 || data.length < end + 3) return null;
  return {
    keyword: Buffer.from(data.subarray(0, end)).toString('latin1'),
    compressed: data[end + 1] !== 0,
  };
}

function badgeKeywordOf(chunk: { name: string; data: Uint8Array }): string | null {
  if (chunk.name !== 'iTXt') return null;
  const header = itxtHeader(chunk.data);
  return header && badgeKeywords.includes(header.keyword) ? header.keyword : null;
}

/** Larger than any badge we bake (image at most 512 KB plus its credential). */
export const maxBakedPngBytes = 2 * 1024 * 1024;
/** Far more chunks than any real image has (IDAT data is split in chunks of 8 KB or more). */
const maxChunks = 4096;

/**
 * Walks the chunk lengths before png-chunks-extract copies anything: that library allocates and
 * loops over whatever length a chunk declares (up to 4 GB from a 20-byte file), so every declared
 * length must fit in the bytes actually given, and the number of chunks is capped.
 */
export function pngChunkLayoutFits(bytes: Uint8Array): boolean {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  for (let count = 0; offset + 8 <= view.length; count++) {
    if (count >= maxChunks) return false;
    const length = view.readUInt32BE(offset);
    if (offset + 12 + length > view.length) return false;
    if (view.toString('latin1', offset + 4, offset + 8) === 'IEND') return true;
    offset += 12 + length;
  }
  return false;
}

/** The PNG with its badge chunk (any earlier one removed, so there is exactly one). */
export function bakePng(png: Uint8Array, keyword: BadgeKeyword, text: string): Buffer {
  const chunks = extractChunks(png).filter((chunk) => !badgeKeywordOf(chunk));
  const badgeChunk = {
    name: 'iTXt',
    data: encodeSync({
      keyword,
      compressionFlag: false,
      compressionMethod: 0,
      languageTag: '',
      translatedKeyword: '',
      text,
    }),
  };
  chunks.splice(chunks.length - 1, 0, badgeChunk); // before IEND
  return Buffer.from(encodeChunks(chunks));
}

export type BakedPngReading =
  | { ok: true; keyword: BadgeKeyword; text: string }
  | {
      ok: false;
      problem: 'not-png' | 'too-large' | 'no-badge' | 'several-badges' | 'compressed-badge';
    };

export function readBakedPng(bytes: Uint8Array): BakedPngReading {
  if (bytes.length > maxBakedPngBytes) return { ok: false, problem: 'too-large' };
  let chunks: Array<{ name: string; data: Uint8Array }>;
  try {
    if (!pngChunkLayoutFits(bytes)) return { ok: false, problem: 'not-png' };
    chunks = extractChunks(bytes);
  } catch {
    return { ok: false, problem: 'not-png' };
  }
  const baked = chunks.filter((chunk) => badgeKeywordOf(chunk));
  if (baked.length === 0) return { ok: false, problem: 'no-badge' };
  // Two badges in one image: which one the holder meant is unknowable, so neither is trusted.
  if (baked.length > 1) return { ok: false, problem: 'several-badges' };
  // The baking specs say the badge chunk is uncompressed: a compressed one is refused, not inflated.
  if (itxtHeader(baked[0]!.data)!.compressed) return { ok: false, problem: 'compressed-badge' };
  try {
    const chunk = decodeSync(baked[0]!.data); // uncompressed: decoding copies, never inflates
    return { ok: true, keyword: chunk.keyword as BadgeKeyword, text: chunk.text };
  } catch {
    return { ok: false, problem: 'not-png' };
  }
}
