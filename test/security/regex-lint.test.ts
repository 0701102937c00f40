// The lint is the bound on regexes that see outside input (issue 18): a pattern that can backtrack
// super-linearly fails `npm run lint`, which CI runs. Checked here with the project's own ESLint
// config, on code placed where product code lives.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.join(__dirname, '../..');
const productFile = 'badges/verification/redos-probe.ts';

const samples = {
  exponential: 'export const isAs = (text: string) => /^(a+)+$/.test(text);\n',
  // The old baked-SVG reader's pattern: quadratic on "<svg><openbadges:credential>" + spaces.
  quadratic:
    'export const read = (svg: string) =>\n  /<openbadges:credential\\s*>\\s*(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))\\s*<\\/openbadges:credential>/g.exec(svg);\n',
  linear: 'export const isUuid = (text: string) => /^[0-9a-f-]{36}$/i.test(text);\n',
};

/**
 * The rules each sample breaks, from one ESLint process (its start and config load are most of
 * the time: one run, not one per sample).
 */
function lintSamples(): Record<keyof typeof samples, string[]> {
  const script = `
    const { ESLint } = require('eslint');
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const samples = JSON.parse(process.env.SAMPLES);
      const found = {};
      for (const [name, code] of Object.entries(samples)) {
        const [result] = await eslint.lintText(code, { filePath: process.env.FILE });
        found[name] = result.messages.map((message) => message.ruleId);
      }
      process.stdout.write(JSON.stringify(found));
    })();
  `;
  const run = spawnSync(process.execPath, ['-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, SAMPLES: JSON.stringify(samples), FILE: path.join(root, productFile) },
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Record<keyof typeof samples, string[]>;
}

let found: Record<keyof typeof samples, string[]>;
beforeAll(() => {
  found = lintSamples();
}, 60_000);

test('when product code gains an exponential or quadratic regex, the lint rejects it', () => {
  expect(found.exponential).toContain('redos/no-vulnerable');
  expect(found.exponential).toContain('regexp/no-super-linear-backtracking');
  expect(found.quadratic).toContain('redos/no-vulnerable');
});

test('when product code uses a linear regex, the lint has nothing to say', () => {
  expect(found.linear).toEqual([]);
});
