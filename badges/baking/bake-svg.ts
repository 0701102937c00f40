// Baking into SVG (Open Badges baking specs): a namespace on the root element and one element
// right after it. 2.0: xmlns:openbadges="http://openbadges.org", <openbadges:assertion verify="URL
// or JWS"> with the assertion JSON in CDATA. 3.0: xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0",
// <openbadges:credential> with the credential JSON (or VC-JWT) in CDATA. The SVG is our own
// generated or validated image, so its root element is known.
const ob2Namespace = 'http://openbadges.org';
const ob3Namespace = 'https://purl.imsglobal.org/ob/v3p0';

/**
 * CDATA cannot contain "]]>". In JSON text ">" occurs only inside strings, where \u003e means the
 * same character: escaping it keeps the document identical for any JSON reader and the section whole.
 */
const cdata = (json: string) => `<![CDATA[${json.replaceAll('>', '\\u003e')}]]>`;
const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

function insertAfterRoot(svg: string, namespace: string, element: string): string {
  const root = /<svg\b[^>]*>/.exec(svg);
  if (!root) throw new Error('not an SVG document');
  const openTag = root[0].replace(/^<svg\b/, `<svg xmlns:openbadges="${namespace}"`);
  return svg.slice(0, root.index) + openTag + element + svg.slice(root.index + root[0].length);
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
  | { ok: false; problem: 'no-badge' | 'several-badges' };

const ob2Element =
  /<openbadges:assertion\s+verify="([^"]*)"\s*(?:\/>|>\s*(?:<!\[CDATA\[([\s\S]*?)\]\]>)?\s*<\/openbadges:assertion>)/g;
const ob3Element =
  /<openbadges:credential\s*>\s*(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))\s*<\/openbadges:credential>/g;

/** Reads a baked badge back (for the verifier and tests). */
export function readBakedSvg(svg: string): BakedSvgReading {
  const ob2 = [...svg.matchAll(ob2Element)];
  const ob3 = [...svg.matchAll(ob3Element)];
  if (ob2.length + ob3.length === 0) return { ok: false, problem: 'no-badge' };
  if (ob2.length + ob3.length > 1) return { ok: false, problem: 'several-badges' };
  if (ob3.length) {
    const text = (ob3[0]![1] ?? ob3[0]![2] ?? '').trim();
    return { ok: true, version: '3.0', text };
  }
  const verify = ob2[0]![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return { ok: true, version: '2.0', verify, text: (ob2[0]![2] ?? '').trim() };
}
