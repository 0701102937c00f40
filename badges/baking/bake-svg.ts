// Baking into SVG (Open Badges 2.0 baking spec): the openbadges namespace on the root element and
// one <openbadges:assertion> right after it, carrying the hosted assertion URL in `verify` and the
// assertion JSON in CDATA. The SVG is our own generated image, so its root element is known.
const ob2Namespace = 'http://openbadges.org';

/**
 * CDATA cannot contain "]]>". In JSON text ">" occurs only inside strings, where \u003e means the
 * same character: escaping it keeps the assertion identical for any JSON reader and the section whole.
 */
const cdata = (json: string) => `<![CDATA[${json.replaceAll('>', '\\u003e')}]]>`;

export function bakeOb2Svg(svg: string, assertion: { id: string }): string {
  const root = /^<svg\b[^>]*>/.exec(svg);
  if (!root) throw new Error('not an SVG document');
  const openTag = root[0].replace(/^<svg\b/, `<svg xmlns:openbadges="${ob2Namespace}"`);
  const element = `<openbadges:assertion verify="${assertion.id.replace(/"/g, '&quot;')}">${cdata(JSON.stringify(assertion))}</openbadges:assertion>`;
  return openTag + element + svg.slice(root[0].length);
}

/** Reads a baked assertion back (for the verifier and tests). */
export function readBakedOb2Svg(svg: string): { verify: string; assertion: unknown } | null {
  const match =
    /<openbadges:assertion\s+verify="([^"]*)"\s*>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/openbadges:assertion>/.exec(
      svg,
    );
  if (!match) return null;
  return { verify: match[1]!.replace(/&quot;/g, '"'), assertion: JSON.parse(match[2]!) };
}
