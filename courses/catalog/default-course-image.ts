// The picture a course shows until its instructors upload one: drawn per topic (its first), so a
// catalog of new courses still reads at a glance. Pure SVG made here, without any user text, so
// it is safe to serve as an image and cache for long.
import type { Topic } from './topics';

interface TopicArt {
  /** Background gradient, from top left to bottom right. */
  colors: [string, string];
  /** Shapes drawn over it, in a 640 × 360 canvas, white at various opacities. */
  motif: string;
  /** A short mark that reads the same in every language (acronyms only). */
  mark?: string;
}

const line = (points: [number, number][], width = 3, opacity = 0.55) =>
  `<polyline points="${points.map(([x, y]) => `${x},${y}`).join(' ')}" fill="none" stroke="#fff" stroke-width="${width}" stroke-opacity="${opacity}" stroke-linecap="round" stroke-linejoin="round"/>`;
const dot = (x: number, y: number, r: number, opacity = 0.85) =>
  `<circle cx="${x}" cy="${y}" r="${r}" fill="#fff" fill-opacity="${opacity}"/>`;
const ring = (x: number, y: number, r: number, opacity = 0.35, width = 3) =>
  `<circle cx="${x}" cy="${y}" r="${r}" fill="none" stroke="#fff" stroke-opacity="${opacity}" stroke-width="${width}"/>`;

/** A few routers and the links between them: the shape of BGP and interconnection alike. */
function graph(nodes: [number, number][], edges: [number, number][], radius = 12): string {
  return (
    edges.map(([a, b]) => line([nodes[a]!, nodes[b]!], 3, 0.45)).join('') +
    nodes.map(([x, y]) => dot(x, y, radius)).join('')
  );
}

const art: Record<Topic | 'general', TopicArt> = {
  ipv6: {
    colors: ['#0b5c8e', '#16a3a3'],
    motif: [0, 1, 2, 3, 4, 5]
      .map((row) =>
        [0, 1, 2, 3, 4, 5, 6, 7, 8].map((col) => {
          const x = 330 + col * 34 + (row % 2) * 17;
          const y = 60 + row * 46;
          return `<polygon points="${[0, 60, 120, 180, 240, 300].map((angle) => `${(x + 17 * Math.cos((angle * Math.PI) / 180)).toFixed(1)},${(y + 17 * Math.sin((angle * Math.PI) / 180)).toFixed(1)}`).join(' ')}" fill="#fff" fill-opacity="${((row * 9 + col) % 5) * 0.06 + 0.08}"/>`;
        }),
      )
      .flat()
      .join(''),
    mark: 'IPv6',
  },
  rpki: {
    colors: ['#3b2a7a', '#6f4fc9'],
    motif:
      `<rect x="400" y="70" width="170" height="220" rx="14" fill="#fff" fill-opacity="0.14" stroke="#fff" stroke-opacity="0.5" stroke-width="3"/>` +
      [110, 140, 170, 200]
        .map((y) =>
          line(
            [
              [425, y],
              [545, y],
            ],
            6,
            0.35,
          ),
        )
        .join('') +
      ring(485, 245, 26, 0.8, 5) +
      line(
        [
          [472, 270],
          [462, 310],
        ],
        6,
        0.8,
      ) +
      line(
        [
          [498, 270],
          [508, 310],
        ],
        6,
        0.8,
      ),
    mark: 'RPKI',
  },
  bgp: {
    colors: ['#0d3b66', '#2a7fba'],
    motif: graph(
      [
        [360, 90],
        [470, 60],
        [580, 110],
        [420, 190],
        [540, 220],
        [380, 300],
        [600, 300],
      ],
      [
        [0, 1],
        [1, 2],
        [0, 3],
        [1, 3],
        [2, 4],
        [3, 4],
        [3, 5],
        [4, 6],
        [5, 6],
      ],
    ),
    mark: 'BGP',
  },
  dns: {
    colors: ['#14532d', '#2f9e63'],
    motif: graph(
      [
        [480, 60],
        [390, 160],
        [570, 160],
        [340, 270],
        [430, 270],
        [530, 270],
        [610, 270],
      ],
      [
        [0, 1],
        [0, 2],
        [1, 3],
        [1, 4],
        [2, 5],
        [2, 6],
      ],
      14,
    ),
    mark: 'DNS',
  },
  'network-management': {
    colors: ['#7a3b0a', '#d2691e'],
    motif:
      [70, 150, 110, 200, 170, 240]
        .map(
          (height, index) =>
            `<rect x="${350 + index * 45}" y="${300 - height}" width="30" height="${height}" rx="4" fill="#fff" fill-opacity="${0.2 + index * 0.08}"/>`,
        )
        .join('') +
      line(
        [
          [340, 300],
          [620, 300],
        ],
        3,
        0.6,
      ),
  },
  'internet-governance': {
    colors: ['#4a1d5e', '#b04a8a'],
    motif:
      ring(480, 180, 120, 0.5, 4) +
      `<ellipse cx="480" cy="180" rx="50" ry="120" fill="none" stroke="#fff" stroke-opacity="0.4" stroke-width="3"/>` +
      `<ellipse cx="480" cy="180" rx="120" ry="45" fill="none" stroke="#fff" stroke-opacity="0.4" stroke-width="3"/>` +
      line(
        [
          [360, 180],
          [600, 180],
        ],
        3,
        0.4,
      ) +
      line(
        [
          [480, 60],
          [480, 300],
        ],
        3,
        0.4,
      ),
  },
  security: {
    colors: ['#7f1d1d', '#c2410c'],
    motif:
      `<path d="M480 50 L590 95 L590 180 C590 250 540 295 480 320 C420 295 370 250 370 180 L370 95 Z" fill="#fff" fill-opacity="0.16" stroke="#fff" stroke-opacity="0.6" stroke-width="4"/>` +
      line(
        [
          [430, 185],
          [468, 222],
          [535, 145],
        ],
        10,
        0.85,
      ),
  },
  interconnection: {
    colors: ['#134e4a', '#0f766e'],
    motif:
      `<rect x="420" y="150" width="120" height="60" rx="10" fill="#fff" fill-opacity="0.25" stroke="#fff" stroke-opacity="0.7" stroke-width="3"/>` +
      [
        [360, 70],
        [480, 50],
        [600, 70],
        [360, 290],
        [480, 310],
        [600, 290],
      ]
        .map((point) => point as [number, number])
        .map(
          ([x, y]) =>
            line(
              [
                [x, y],
                [480, 180],
              ],
              3,
              0.45,
            ) + dot(x, y, 14),
        )
        .join('') +
      [440, 465, 490, 515].map((x) => dot(x, 180, 5, 0.9)).join(''),
    mark: 'IXP',
  },
  automation: {
    colors: ['#1e3a8a', '#4f46e5'],
    motif:
      ring(480, 180, 70, 0.7, 22) +
      [0, 45, 90, 135, 180, 225, 270, 315]
        .map((angle) => {
          const x = 480 + 98 * Math.cos((angle * Math.PI) / 180);
          const y = 180 + 98 * Math.sin((angle * Math.PI) / 180);
          return dot(Math.round(x), Math.round(y), 16, 0.7);
        })
        .join('') +
      dot(480, 180, 30, 0.25),
  },
  general: {
    colors: ['#1f2937', '#3b6ea5'],
    motif: graph(
      [
        [380, 100],
        [520, 80],
        [600, 200],
        [470, 280],
        [360, 230],
      ],
      [
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 4],
        [4, 0],
        [0, 2],
        [1, 3],
      ],
    ),
  },
};

/** Topics with a drawing; a course without topics gets the general one. */
export function defaultImageTopic(courseTopics: readonly string[]): Topic | 'general' {
  const first = courseTopics.find((topic) => topic in art && topic !== 'general');
  return (first as Topic | undefined) ?? 'general';
}

export function isDrawnTopic(value: string): value is Topic | 'general' {
  return Object.hasOwn(art, value);
}

/** The default picture of a topic as an SVG document (640 × 360, scales to any width). */
export function drawDefaultCourseImage(topic: Topic | 'general'): string {
  const { colors, motif, mark } = art[topic];
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360" width="640" height="360">',
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${colors[0]}"/><stop offset="1" stop-color="${colors[1]}"/></linearGradient></defs>`,
    '<rect width="640" height="360" fill="url(#g)"/>',
    motif,
    mark
      ? `<text x="40" y="312" font-family="DejaVu Sans, Verdana, sans-serif" font-weight="bold" font-size="64" fill="#fff" fill-opacity="0.9">${mark}</text>`
      : '',
    '</svg>',
  ].join('');
}
