// The generated badge image: a shield in the level's colour, its stars and the achievement's name,
// as SVG.
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

/** Stars for the level (one to three; a ring of three for a whole specialization). */
const levelStars: Record<string, number> = { basic: 1, intermediate: 2, advanced: 3 };

/** A five-pointed star centred on (x, y). */
function star(x: number, y: number, radius: number): string {
  const points = Array.from({ length: 10 }, (_, index) => {
    const angle = (Math.PI / 5) * index - Math.PI / 2;
    const length = index % 2 ? radius * 0.45 : radius;
    return `${(x + length * Math.cos(angle)).toFixed(1)},${(y + length * Math.sin(angle)).toFixed(1)}`;
  });
  return `<polygon points="${points.join(' ')}" fill="#fff"/>`;
}

/**
 * The shield. The level is drawn, not written (one, two or three stars; three in a ring for the
 * whole specialization): one image serves every reader and every verifier, so it carries no
 * word in a language. The name is the issuer's, as the credential says it.
 */
export function generateBadgeSvg(name: string, color: string, levelKey: string | null): string {
  const safeColor = /^#[0-9a-fA-F]{6}$/.test(color) ? color : '#1f7a4d';
  const count = levelKey ? (levelStars[levelKey] ?? 1) : 0;
  // A level: its stars in a row. The whole specialization: three small stars in a ring.
  const stars = count
    ? Array.from({ length: count }, (_, index) =>
        star(128 + (index - (count - 1) / 2) * 30, 74, 11),
      ).join('')
    : [star(128, 64, 8), star(117, 82, 8), star(139, 82, 8)].join('') +
      '<circle cx="128" cy="75" r="24" fill="none" stroke="#fff" stroke-width="2.5"/>';
  const text = lines(name)
    .map(
      (line, index) =>
        `<text x="128" y="${124 + index * 26}" font-size="22" font-weight="700" text-anchor="middle" fill="#fff" font-family="sans-serif">${escapeXml(line)}</text>`,
    )
    .join('');
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256" role="img">',
    `<title>${escapeXml(name)}</title>`,
    `<path d="M128 12 L232 52 V128 C232 188 188 228 128 246 C68 228 24 188 24 128 V52 Z" fill="${safeColor}" stroke="#fff" stroke-width="6"/>`,
    stars,
    text,
    '<text x="128" y="214" font-size="14" text-anchor="middle" fill="#fff" font-family="sans-serif">Campus</text>',
    '</svg>',
  ].join('');
}
