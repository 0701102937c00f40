// A badge's image: uploaded by an admin (PNG or SVG) or generated in the level's colour. Uploaded
// files are checked by their bytes, not their name: a PNG must parse and stay within size limits;
// an SVG must pass the allow-list sanitizer unchanged (svg-sanitizer.ts: nothing active, nothing
// from outside, since an image URL can also be opened as a page) and render.
import type { Message } from '../../i18n';
import extractChunks from 'png-chunks-extract';
import { validationFailed } from '../../platform/errors';
import { LRUCache } from 'lru-cache';
import { pngChunkLayoutFits } from '../baking/bake-png';
import { renderSvgToPng } from '../baking/render-png';
import { generateBadgeSvg } from './badge-image';
import { sanitizeBadgeSvg, svgLimits } from './svg-sanitizer';

export const maxBadgeImageBytes = 512 * 1024;
const maxPixels = 2048;

export interface BadgeImage {
  contentType: 'image/png' | 'image/svg+xml';
  data: Buffer;
}

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const invalid = (message: Message) => validationFailed({ image: message });

/** A PNG upload within size limits (bytes and pixels), or a 422 on `field` saying what is wrong. */
export function checkPngUpload(
  bytes: Buffer,
  field: string,
  limits: { maxBytes: number; width: [number, number]; height: [number, number] },
): Buffer {
  const fail = (message: Message) => validationFailed({ [field]: message });
  if (bytes.length > limits.maxBytes)
    throw fail({
      key: 'badges:errors.imageTooLarge',
      values: { kilobytes: limits.maxBytes / 1024 },
    });
  if (!bytes.subarray(0, 8).equals(pngSignature)) throw fail('badges:errors.uploadPng');
  let width: number;
  let height: number;
  try {
    // Lengths checked first: the extractor trusts declared lengths (4 GB from a few bytes).
    if (!pngChunkLayoutFits(bytes)) throw new Error('chunk lengths do not fit the file');
    const header = Buffer.from(extractChunks(bytes)[0]!.data);
    width = header.readUInt32BE(0);
    height = header.readUInt32BE(4);
  } catch {
    throw fail('badges:errors.pngDamaged');
  }
  const within = (value: number, [min, max]: [number, number]) => value >= min && value <= max;
  if (!within(width, limits.width) || !within(height, limits.height))
    throw fail({
      key: 'badges:errors.pngSize',
      values: {
        minWidth: limits.width[0],
        maxWidth: limits.width[1],
        minHeight: limits.height[0],
        maxHeight: limits.height[1],
      },
    });
  return bytes;
}

/** The upload as a badge image, or a 422 on the `image` field saying what is wrong. */
export function checkBadgeImage(bytes: Buffer): BadgeImage {
  if (bytes.length === 0) throw invalid('badges:errors.choosePngOrSvg');
  if (bytes.length > maxBadgeImageBytes)
    throw invalid({
      key: 'badges:errors.imageTooLarge',
      values: { kilobytes: maxBadgeImageBytes / 1024 },
    });
  if (bytes.subarray(0, 8).equals(pngSignature))
    return {
      contentType: 'image/png',
      data: checkPngUpload(bytes, 'image', {
        maxBytes: maxBadgeImageBytes,
        width: [64, maxPixels],
        height: [64, maxPixels],
      }),
    };
  const text = bytes.toString('utf8');
  if (!/^\s*(?:<\?xml[^>]*>\s*)?<svg[\s>]/.test(text))
    throw invalid('badges:errors.uploadPngOrSvg');
  const sanitized = sanitizeBadgeSvg(text);
  if (!sanitized.ok)
    throw invalid(
      sanitized.reason === 'removed'
        ? { key: 'badges:errors.svgRemoved', values: { what: sanitized.what } }
        : sanitized.reason === 'too-complex'
          ? { key: 'badges:errors.svgTooComplex', values: svgLimits }
          : 'badges:errors.svgBroken',
    );
  try {
    renderSvgToPng(sanitized.svg, 64);
  } catch {
    throw invalid('badges:errors.svgBroken');
  }
  // The sanitized serialization: what was checked is what is served (editor metadata dropped).
  return { contentType: 'image/svg+xml', data: Buffer.from(sanitized.svg, 'utf8') };
}

/** What the public image URL serves. */
export function badgeImageOf(achievement: {
  name: string;
  color: string;
  levelKey: string | null;
  image?: BadgeImage | null;
}): BadgeImage {
  if (achievement.image?.data?.length) return achievement.image;
  return {
    contentType: 'image/svg+xml',
    data: Buffer.from(generateBadgeSvg(achievement.name, achievement.color, achievement.levelKey)),
  };
}

/** The image in both formats baking needs: a PNG upload is wrapped in an SVG, an SVG is drawn. */
export function bakeableImages(image: BadgeImage): { png: Buffer; svg: string } {
  if (image.contentType === 'image/png') {
    const href = `data:image/png;base64,${image.data.toString('base64')}`;
    return {
      png: image.data,
      svg: `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512"><image width="512" height="512" href="${href}"/></svg>`,
    };
  }
  const svg = image.data.toString('utf8').replace(/^\s*<\?xml[^>]*>\s*/, '');
  return { png: drawnBadges.memo(svg), svg };
}

// Drawing a badge SVG with resvg cost ~6 ms of each badge issued in the credentials bench, and
// every baked download and every badge of an achievement starts from the same drawing. Keyed by the SVG itself, so a new
// image is a new entry and nothing is ever stale; 64 badges of ~30 KB at most.
const drawnBadges = new LRUCache<string, Buffer>({
  max: 64,
  memoMethod: (svg) => renderSvgToPng(svg),
});
