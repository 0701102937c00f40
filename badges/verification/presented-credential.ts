// What a person handed the verifier, recognised before any check: a credential or certificate id,
// a URL, a JWS/JWT, JSON, or a baked PNG/SVG (uploaded or pasted). Everything that cannot be read
// becomes a sentence that says what was expected.
import type { Message } from '../../i18n';
import { readBakedPng, type BakedPngReading } from '../baking/bake-png';
import { readBakedSvg, type BakedSvgReading } from '../baking/bake-svg';

export type Presented =
  | { kind: 'id'; publicId: string }
  | { kind: 'url'; url: URL }
  | { kind: 'jws'; jws: string; bakedIn?: string }
  | { kind: 'json'; document: Record<string, unknown>; bakedIn?: string; hostedUrl?: string };

export type Reading = { ok: true; presented: Presented } | { ok: false; problem: Message };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const compactJws = /^[\w-]+\.[\w-]+\.[\w-]*$/; // an empty signature is `alg: none`, refused later
const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const unreadable = (problem: Message): Reading => ({ ok: false, problem });

/** What each way a baked image can fail to read tells the person. */
const pngProblems = {
  'not-png': 'verify:png.damaged',
  'too-large': 'verify:png.tooLarge',
  'no-badge': 'verify:png.none',
  'several-badges': 'verify:png.several',
  'compressed-badge': 'verify:png.compressed',
} as const satisfies Record<Extract<BakedPngReading, { ok: false }>['problem'], Message>;
const svgProblems = {
  'too-large': 'verify:svg.tooLarge',
  'no-badge': 'verify:svg.none',
  'several-badges': 'verify:svg.several',
  unreadable: 'verify:svg.unreadable',
} as const satisfies Record<Extract<BakedSvgReading, { ok: false }>['problem'], Message>;

export function readUpload(bytes: Buffer): Reading {
  if (bytes.subarray(0, 8).equals(pngSignature)) {
    const baked = readBakedPng(bytes);
    if (!baked.ok) return unreadable(pngProblems[baked.problem]);
    return readText(baked.text, 'PNG');
  }
  const text = bytes.toString('utf8').trim();
  if (text.startsWith('<')) return readSvg(text);
  return unreadable('verify:uploadBaked');
}

function readSvg(svg: string): Reading {
  const baked = readBakedSvg(svg);
  if (!baked.ok) return unreadable(svgProblems[baked.problem]);
  if (baked.version === '2.0') {
    // The `verify` attribute holds the hosted URL or the JWS; the CDATA is a copy for display.
    if (compactJws.test(baked.verify))
      return { ok: true, presented: { kind: 'jws', jws: baked.verify, bakedIn: 'SVG' } };
    return readText(baked.verify, 'SVG');
  }
  return readText(baked.text, 'SVG');
}

/** Pasted text, or the text a baked image carries. */
export function readText(raw: string, bakedIn?: string): Reading {
  const text = raw.trim();
  if (!bakedIn && text.startsWith('<')) return readSvg(text);
  if (uuid.test(text)) return { ok: true, presented: { kind: 'id', publicId: text.toLowerCase() } };
  if (/^[0-9a-f-]{8,40}$/i.test(text)) return unreadable('verify:incompleteId');
  if (compactJws.test(text)) return { ok: true, presented: { kind: 'jws', jws: text, bakedIn } };
  if (text.startsWith('{')) {
    try {
      const document = JSON.parse(text) as unknown;
      if (document && typeof document === 'object' && !Array.isArray(document))
        return {
          ok: true,
          presented: { kind: 'json', document: document as Record<string, unknown>, bakedIn },
        };
    } catch {
      return unreadable('verify:jsonUnreadable');
    }
  }
  try {
    const url = new URL(text);
    if (url.protocol === 'https:' || url.protocol === 'http:')
      return { ok: true, presented: { kind: 'url', url } };
  } catch {
    // not a URL either
  }
  return unreadable('verify:notABadge');
}
