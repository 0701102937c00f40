// Baking into SVG (Open Badges baking specs): a namespace on the root element and one element
// right after it. 2.0: xmlns:openbadges="http://openbadges.org", <openbadges:assertion verify="URL
// or JWS"> with the assertion JSON in CDATA. 3.0: xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0",
// <openbadges:credential> with the credential JSON (or VC-JWT) in CDATA. The SVG is our own
// generated or validated image, so its root element is known.
import { SaxesParser } from 'saxes';

const ob2Namespace = 'http://openbadges.org';
const ob3Namespace = 'https://purl.imsglobal.org/ob/v3p0';

/**
 * CDATA cannot contain "]]>". In JSON text ">" occurs only inside strings, where \u003e means the
 * same character: escaping it keeps the document identical for any JSON reader and the section whole.
 */
const cdata = (json: string) => `<![CDATA[${json.replaceAll('>', '\\u003e')}]]>`;
const attribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Where the root `<svg ...>` start tag is, found by scanning (no backtracking on any input). */
function findRootTag(svg: string): { start: number; end: number } | null {
  for (let from = 0; ;) {
    const start = svg.indexOf('<svg', from);
    if (start < 0) return null;
    const next = svg.charAt(start + 4);
    if (next === '>' || next === '/' || next.trim() === '') {
      const end = svg.indexOf('>', start);
      return end < 0 ? null : { start, end: end + 1 };
    }
    from = start + 4;
  }
}

function insertAfterRoot(svg: string, namespace: string, element: string): string {
  const root = findRootTag(svg);
  if (!root) throw new Error('not an SVG document');
  const openTag = `<svg xmlns:openbadges="${namespace}"` + svg.slice(root.start + 4, root.end);
  return svg.slice(0, root.start) + openTag + element + svg.slice(root.end);
}

export function bakeOb2Svg(svg: string, assertion: { id: string }): string {
  const element = `<openbadges:assertion verify="${attribute(assertion.id)}">${cdata(JSON.stringify(assertion))}</openbadges:assertion>`;
  return insertAfterRoot(svg, ob2Namespace, element);
}

export function bakeOb3Svg(svg: string, credential: object): string {
  const element = `<openbadges:credential>${cdata(JSON.stringify(credential))}</openbadges:credential>`;
  return insertAfterRoot(svg, ob3Namespace, element);
}

export type BakedSvgReading =
  | { ok: true; version: '2.0'; verify: string; text: string }
  | { ok: true; version: '3.0'; text: string }
  | { ok: false; problem: 'no-badge' | 'several-badges' | 'unreadable' | 'too-large' };

/**
 * Larger than any SVG we bake (a badge image is at most 512 KB, its credential a few KB), smaller
 * than an upload may be. Checked before parsing, so parsing work is bounded by it.
 */
export const maxBakedSvgChars = 1024 * 1024;

class Refused extends Error {}

/**
 * Reads a baked badge back (for the verifier and tests) with a strict, non-validating XML parser:
 * no regular expressions over the input (a crafted document cannot make them backtrack), no DTD
 * (a DOCTYPE or entity declaration is refused outright, so nothing is ever expanded or fetched),
 * and the badge element is found by its namespace URI, whatever prefix the image uses.
 */
export function readBakedSvg(svg: string): BakedSvgReading {
  if (svg.length > maxBakedSvgChars) return { ok: false, problem: 'too-large' };
  const found: Array<{ version: '2.0' | '3.0'; verify?: string; text: string }> = [];
  let inside: { version: '2.0' | '3.0'; verify?: string; text: string; depth: number } | null =
    null;
  let depth = 0;
  const parser = new SaxesParser({ xmlns: true, position: false });
  parser.on('doctype', () => {
    throw new Refused('DOCTYPE');
  });
  parser.on('error', (error) => {
    throw new Refused(error.message);
  });
  parser.on('opentag', (tag) => {
    depth++;
    if (inside) return;
    const version =
      tag.uri === ob2Namespace && tag.local === 'assertion'
        ? '2.0'
        : tag.uri === ob3Namespace && tag.local === 'credential'
          ? '3.0'
          : null;
    if (!version) return;
    const verify = version === '2.0' ? tag.attributes.verify?.value : undefined;
    inside = { version, verify, text: '', depth };
    if (tag.isSelfClosing) found.push(inside);
  });
  const keepText = (text: string) => {
    if (inside) inside.text += text;
  };
  parser.on('text', keepText);
  parser.on('cdata', keepText);
  parser.on('closetag', () => {
    if (inside && inside.depth === depth) {
      if (!found.includes(inside)) found.push(inside);
      inside = null;
    }
    depth--;
  });
  try {
    parser.write(svg).close();
  } catch {
    return { ok: false, problem: 'unreadable' };
  }
  if (found.length === 0) return { ok: false, problem: 'no-badge' };
  // Two badges in one image: which one the holder meant is unknowable, so neither is trusted.
  if (found.length > 1) return { ok: false, problem: 'several-badges' };
  const badge = found[0]!;
  if (badge.version === '3.0') return { ok: true, version: '3.0', text: badge.text.trim() };
  // An OB 2.0 assertion element must say where (or how) it verifies.
  if (badge.verify === undefined) return { ok: false, problem: 'unreadable' };
  return { ok: true, version: '2.0', verify: badge.verify, text: badge.text.trim() };
}
