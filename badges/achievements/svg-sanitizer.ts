// The allow-list check of uploaded badge SVG: DOMPurify's SVG profile over jsdom's XML parser.
// An image URL can be opened as a page, so an uploaded SVG may draw and nothing else: no
// scripts, handlers, style sheets, animation of attributes, embedded HTML or outside references.
// A denylist of patterns cannot see namespaced tricks (`<x:script xmlns:x="…svg">`); parsing the
// XML and keeping only known SVG elements and attributes in the SVG namespace does.
import type { DOMPurify } from 'dompurify';
import type { JSDOM } from 'jsdom';
import { SaxesParser } from 'saxes';

const svgNamespace = 'http://www.w3.org/2000/svg';

/** What drawing tools add that draws nothing: dropping it is not a change worth refusing. */
const editorNamespaces = new Set([
  'http://www.inkscape.org/namespaces/inkscape',
  'http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  'http://creativecommons.org/ns#',
  'http://purl.org/dc/elements/1.1/',
  'http://www.bohemiancoding.com/sketch/ns',
]);

/**
 * Sanitizing time grows with the element count and with the square of the nesting depth (60,000
 * nested groups held the process for 88 s); a badge needs neither. Checked first by one streaming
 * pass that stops at the first excess.
 */
export const svgLimits = { maxElements: 5000, maxDepth: 64 };

export type SanitizedSvg =
  | { ok: true; svg: string }
  | { ok: false; reason: 'unreadable' | 'too-complex' }
  | { ok: false; reason: 'removed'; what: string };

// One window for the process: building a JSDOM costs tens of milliseconds, and sanitizing is
// synchronous, so calls never overlap.
let purifier: { window: JSDOM['window']; purify: DOMPurify } | undefined;

function getPurifier() {
  if (purifier) return purifier;
  // Required on first use, not imported: jsdom takes half a second to load, and only an SVG
  // upload needs it (sanitizing is synchronous, so no dynamic import here).
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { JSDOM: Dom } = require('jsdom') as typeof import('jsdom');
  const createDOMPurify = require('dompurify') as typeof import('dompurify');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const { window } = new Dom('');
  const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  purify.addHook('uponSanitizeAttribute', (_node, data) => {
    if (!isAllowedValue(data.attrName, data.attrValue)) data.keepAttr = false;
  });
  purifier = { window, purify };
  return purifier;
}

/** href only to this document (`#id`) or an embedded PNG/JPEG; url() only to `#id`; no CSS tricks. */
function isAllowedValue(name: string, value: string): boolean {
  if (name === 'href' || name === 'xlink:href')
    return value.startsWith('#') || /^data:image\/(?:png|jpeg);base64,[\w+/=\s]*$/i.test(value);
  if (name === 'style' && (value.includes('\\') || value.includes('@'))) return false;
  return onlyLocalUrls(value);
}

/** Every `url(` in the value points inside the document (`url(#id)`, quoted or not). */
function onlyLocalUrls(value: string): boolean {
  const lower = value.toLowerCase();
  for (let at = lower.indexOf('url('); at !== -1; at = lower.indexOf('url(', at + 4)) {
    let next = at + 4;
    while (next < lower.length && ' \t\n\r\'"'.includes(lower[next]!)) next += 1;
    if (lower[next] !== '#') return false;
  }
  return true;
}

/**
 * The SVG as it may be stored, or why not. Anything removed other than editor metadata refuses
 * the upload (naming the first thing removed): a silently altered image may draw differently and
 * its admin would not know why. What is stored is always the sanitized serialization.
 */
export function sanitizeBadgeSvg(text: string): SanitizedSvg {
  const shape = measureShape(text);
  if (shape !== 'ok') return { ok: false, reason: shape };
  const { window, purify } = getPurifier();
  const document = new window.DOMParser().parseFromString(text, 'image/svg+xml');
  const root = document.documentElement;
  if (
    document.doctype ||
    root.getElementsByTagNameNS('*', 'parsererror').length > 0 ||
    root.namespaceURI !== svgNamespace ||
    root.localName !== 'svg'
  )
    return { ok: false, reason: 'unreadable' };
  try {
    purify.sanitize(root, {
      IN_PLACE: true,
      USE_PROFILES: { svg: true, svgFilters: true },
      // <use> reuses a shape; the href check above keeps it inside the document.
      ADD_TAGS: ['use'],
      FORBID_TAGS: [
        'style',
        'foreignObject',
        'animate',
        'animateColor',
        'animateMotion',
        'animateTransform',
        'set',
        'script',
      ],
      // Kept out of the drawing too: text left behind by a removed element.
      KEEP_CONTENT: false,
    });
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  const material = purify.removed.find((entry) => !isEditorMetadata(entry));
  if (material) return { ok: false, reason: 'removed', what: describe(material) };
  return { ok: true, svg: new window.XMLSerializer().serializeToString(document) };
}

class TooComplex extends Error {}

function measureShape(text: string): 'ok' | 'unreadable' | 'too-complex' {
  const parser = new SaxesParser();
  let elements = 0;
  let depth = 0;
  parser.on('opentag', (tag) => {
    elements += 1;
    depth += tag.isSelfClosing ? 0 : 1;
    if (elements > svgLimits.maxElements || depth > svgLimits.maxDepth) throw new TooComplex();
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) depth -= 1;
  });
  try {
    parser.write(text).close();
    return 'ok';
  } catch (error) {
    return error instanceof TooComplex ? 'too-complex' : 'unreadable';
  }
}

type Removed = DOMPurify['removed'][number];

function isEditorMetadata(entry: Removed): boolean {
  if ('element' in entry) {
    const node = entry.element as { namespaceURI?: string | null; nodeType?: number };
    // Comments and processing instructions draw nothing; elements from editors neither.
    if (node.nodeType === 8 || node.nodeType === 7) return true;
    return editorNamespaces.has(node.namespaceURI ?? '');
  }
  const attribute = entry.attribute as { name: string; namespaceURI: string | null } | null;
  if (!attribute) return true;
  if (attribute.name.startsWith('xmlns') || attribute.name.startsWith('xml:')) return true;
  return editorNamespaces.has(attribute.namespaceURI ?? '');
}

function describe(entry: Removed): string {
  if ('element' in entry) {
    const node = entry.element as { nodeName?: string };
    return `<${node.nodeName ?? '?'}>`;
  }
  const attribute = entry.attribute as { name: string; value: string } | null;
  return attribute ? attribute.name : '?';
}
