// Baking into PNG (Open Badges baking specs): exactly one uncompressed iTXt chunk whose keyword is
// `openbadges` (2.0: the assertion JSON or its JWS) or `openbadgecredential` (3.0: the credential
// JSON or its VC-JWT). Chunk parsing and CRCs are left to png-chunks-extract/-encode.
import extractChunks from 'png-chunks-extract';
import encodeChunks from 'png-chunks-encode';
import { decodeSync, encodeSync } from 'png-chunk-itxt';

export type BadgeKeyword = 'openbadges' | 'openbadgecredential';
const badgeKeywords: readonly string[] = ['openbadges', 'openbadgecredential'];

function badgeKeywordOf(chunk: { name: string; data: Uint8Array }): string | null {
  if (chunk.name !== 'iTXt') return null;
  try {
    const { keyword } = decodeSync(chunk.data);
    return badgeKeywords.includes(keyword) ? keyword : null;
  } catch {
    return null;
  }
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
  | { ok: false; problem: 'not-png' | 'no-badge' | 'several-badges' };

export function readBakedPng(bytes: Uint8Array): BakedPngReading {
  let chunks: Array<{ name: string; data: Uint8Array }>;
  try {
    chunks = extractChunks(bytes);
  } catch {
    return { ok: false, problem: 'not-png' };
  }
  const baked = chunks.filter((chunk) => badgeKeywordOf(chunk));
  if (baked.length === 0) return { ok: false, problem: 'no-badge' };
  // Two badges in one image: which one the holder meant is unknowable, so neither is trusted.
  if (baked.length > 1) return { ok: false, problem: 'several-badges' };
  const chunk = decodeSync(baked[0]!.data);
  return { ok: true, keyword: chunk.keyword as BadgeKeyword, text: chunk.text };
}
