// The lint is the bound on regexes that see outside input (issue 18): a pattern that can backtrack
// super-linearly fails `npm run lint`, which CI runs. Checked here with the project's own ESLint
// config, on code placed where product code lives.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.join(__dirname, '../..');

function lint(code: string, file = 'badges/verification/redos-probe.ts') {
  const run = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/eslint/bin/eslint.js'),
      '--stdin',
      '--stdin-filename',
      file,
      '--format',
      'json',
    ],
    { cwd: root, input: code, encoding: 'utf8' },
  );
  const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string | null }> }>;
  return result!.messages.map((message) => message.ruleId);
}

test('when product code gains an exponential or quadratic regex, the lint rejects it', () => {
  const exponential = lint('export const isAs = (text: string) => /^(a+)+$/.test(text);\n');
  expect(exponential).toContain('redos/no-vulnerable');
  expect(exponential).toContain('regexp/no-super-linear-backtracking');
  // The old baked-SVG reader's pattern: quadratic on "<svg><openbadges:credential>" + spaces.
  const quadratic = lint(
    'export const read = (svg: string) =>\n  /<openbadges:credential\\s*>\\s*(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))\\s*<\\/openbadges:credential>/g.exec(svg);\n',
  );
  expect(quadratic).toContain('redos/no-vulnerable');
}, 60_000);

test('when product code uses a linear regex, the lint has nothing to say', () => {
  expect(lint('export const isUuid = (text: string) => /^[0-9a-f-]{36}$/i.test(text);\n')).toEqual(
    [],
  );
}, 60_000);
