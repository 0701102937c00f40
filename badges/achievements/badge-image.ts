// The generated badge image: a shield in the level's colour with the achievement's name, as SVG.
// Text is escaped: names are admin input.
const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);

/** Splits a name into at most three short lines for the shield. */
function lines(name: string): string[] {
  const words = name.split(/\s+/);
  const result: string[] = [];
  for (const word of words) {
    const last = result[result.length - 1];
    if (last !== undefined && `${last} ${word}`.length <= 16)
      result[result.length - 1] = `${last} ${word}`;
    else result.push(word);
  }
  return result.slice(0, 3);
}

export function generateBadgeSvg(name: string, color: string, subtitle: string): string {
  const safeColor = /^#[0-9a-fA-F]{6}$/.test(color) ? color : '#1f7a4d';
  const text = lines(name)
    .map(
      (line, index) =>
        `<text x="128" y="${118 + index * 26}" font-size="22" font-weight="700" text-anchor="middle" fill="#fff" font-family="sans-serif">${escapeXml(line)}</text>`,
    )
    .join('');
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256" role="img">',
    `<title>${escapeXml(name)}</title>`,
    `<path d="M128 12 L232 52 V128 C232 188 188 228 128 246 C68 228 24 188 24 128 V52 Z" fill="${safeColor}" stroke="#fff" stroke-width="6"/>`,
    `<text x="128" y="80" font-size="16" text-anchor="middle" fill="#fff" font-family="sans-serif">${escapeXml(subtitle)}</text>`,
    text,
    '<text x="128" y="214" font-size="14" text-anchor="middle" fill="#fff" font-family="sans-serif">Campus</text>',
    '</svg>',
  ].join('');
}
