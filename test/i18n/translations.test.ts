// The three languages stay complete: a key in one language and not another fails here, as does
// a view that prints words of its own instead of a key.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { translateMessage, translatorFor } from '../../i18n';
import { resources } from '../../i18n/resources';
import { viewFiles } from '../support/views';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') found.set(`${prefix}${key}`, value);
    else for (const [leaf, text] of leaves(value, `${prefix}${key}.`)) found.set(leaf, text);
  }
  return found;
}

const english = new Map<string, Map<string, string>>(
  Object.entries(resources.en).map(([namespace, tree]) => [namespace, leaves(tree as Tree)]),
);

describe('translations', () => {
  for (const language of ['es', 'pt'] as const) {
    test(`${language} has every key English has, and no other, each worded`, () => {
      for (const [namespace, englishLeaves] of english) {
        const translated = leaves(resources[language][namespace as 'common'] as Tree);
        const missing = [...englishLeaves.keys()].filter((key) => !translated.has(key));
        const extra = [...translated.keys()].filter((key) => !englishLeaves.has(key));
        const unworded = [...englishLeaves]
          .filter(([key, text]) => text !== '' && translated.get(key) === '')
          .map(([key]) => key);
        expect({ namespace, missing, extra, unworded }).toEqual({
          namespace,
          missing: [],
          extra: [],
          unworded: [],
        });
      }
    });

    test(`${language} keeps every {{placeholder}} of the English text`, () => {
      const placeholders = (text: string) =>
        [...text.matchAll(/{{\s*(\w+)/g)].map((m) => m[1]).sort();
      for (const [namespace, englishLeaves] of english) {
        const translated = leaves(resources[language][namespace as 'common'] as Tree);
        for (const [key, text] of englishLeaves)
          expect([namespace, key, placeholders(translated.get(key) ?? '')]).toEqual([
            namespace,
            key,
            placeholders(text),
          ]);
      }
    });
  }

  test('every key a view asks for exists (literal keys, and the prefix of built ones)', () => {
    const problems: string[] = [];
    const exists = (reference: string, asPrefix: boolean) => {
      const [namespace, key] = reference.includes(':')
        ? (reference.split(':') as [string, string])
        : ['common', reference];
      const known = english.get(namespace);
      if (!known) return false;
      if (asPrefix) return [...known.keys()].some((leaf) => leaf.startsWith(key));
      return known.has(key) || known.has(`${key}_one`);
    };
    for (const file of viewFiles()) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/\bt\('([^']+)'(\s*\+)?/g)) {
        if (!exists(match[1]!, Boolean(match[2])))
          problems.push(`${path.basename(file)}: ${match[1]}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('views print no words of their own: text and labels come from keys', () => {
    // Allowed as they are in every language: acronyms, format names and numbers ("3.0 PNG").
    const neutral =
      /^[\s\d.·›←→↑↓✓✗○?—–:;,()/%&#*+\-|…]*(?:(?:[A-Z0-9][A-Z0-9.-]*|VC-JWT|JWT)[\s\d.·,()/—–-]*)*$/;
    const problems: string[] = [];
    for (const file of viewFiles()) {
      const source = readFileSync(file, 'utf8');
      const withoutCode = source.replace(/<%[\s\S]*?%>/g, ' ');
      // Text between tags.
      const text = withoutCode
        .replace(/<!--[\s\S]*?-->/g, ' ')
        .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
        .replace(/<[^>]*>/g, '\n')
        .split('\n')
        // Addresses printed after a base URL ("/specializations") are not words.
        .map((line) => line.replace(/\/[\w/.-]*/g, ' ').trim())
        .filter((line) => line && !neutral.test(line));
      // Attributes people read.
      const attributes = [
        ...withoutCode.matchAll(/\b(?:alt|title|aria-label|placeholder|label)="([^"]*)"/g),
      ]
        .map((match) => match[1]!.trim())
        .filter((value) => value && !neutral.test(value));
      // Sentences written as strings inside the code (`label: 'Title'`).
      const literals = [...source.matchAll(/<%[\s\S]*?%>/g)]
        .flatMap((tag) => [...tag[0].matchAll(/'([A-Z][a-z]+(?: [a-z]+)+[^']*)'/g)])
        .map((match) => match[1]!);
      for (const found of [...text, ...attributes, ...literals])
        problems.push(`${path.relative(path.join(__dirname, '../../views'), file)}: ${found}`);
    }
    expect(problems).toEqual([]);
  });

  test('a message inside a message is worded too, never printed as its key', () => {
    const reason = { key: 'admin:cohorts.unknownCourse' as const, values: { slug: 'ipv6-101' } };
    const outcome = { key: 'admin:cohorts.notEnrolled' as const, values: { reason } };
    expect(translateMessage(translatorFor('es'), outcome)).toBe(
      'no inscrito: No hay ningún curso publicado «ipv6-101». Revisa su dirección (lo que sigue a /courses/).',
    );
  });
});
