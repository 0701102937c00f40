import path from 'node:path';

// Sources run from server/ (tests), compiled code from dist/server/: both resolve the project root.
const serverDir = __dirname;
export const projectRoot = path.resolve(
  serverDir,
  path.basename(path.dirname(serverDir)) === 'dist' ? '../..' : '..',
);
export const viewsDir = path.join(projectRoot, 'views');
export const publicDir = path.join(projectRoot, 'public');
