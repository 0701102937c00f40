// Every EJS view file, for the tests that read the templates themselves (translations, escaping).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { viewsDir } from '../../platform/paths';

export function viewFiles(dir = viewsDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? viewFiles(path.join(dir, entry.name))
      : entry.name.endsWith('.ejs')
        ? [path.join(dir, entry.name)]
        : [],
  );
}
