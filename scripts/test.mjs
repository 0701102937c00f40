// `npm test`: the whole suite against a real FerretDB (started here on a free port, with its own
// data folder, unless MONGODB_URI is set) and Redis. Arguments go to jest (`npm test -- accounts`).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureNodeModules, log, projectRoot, run, startThrowawayStores } from './lib/services.mjs';

async function main() {
  const started = Date.now();
  ensureNodeModules();
  // Process tests start the compiled web and worker, as production runs them.
  log('compiling TypeScript...');
  run('npx', ['tsc', '-p', 'tsconfig.json']);
  const env = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' };
  let stopStores = async () => {};
  let exitCode = 1;
  const results = path.join(projectRoot, '.data/jest-results.json');
  try {
    stopStores = await startThrowawayStores(env, 'tests');
    rmSync(results, { force: true });
    // A fresh clone has no .data yet: jest would fail writing its results after a green run.
    mkdirSync(path.dirname(results), { recursive: true });
    const jestBin = path.join(projectRoot, 'node_modules/jest/bin/jest.js');
    const args = [jestBin, '--json', `--outputFile=${results}`, ...process.argv.slice(2)];
    exitCode = await new Promise((resolve) => {
      const child = spawn('node', args, { cwd: projectRoot, env, stdio: 'inherit' });
      child.once('exit', (code) => resolve(code ?? 1));
    });
  } catch (error) {
    console.error(`[campus] ${error.message}`);
  } finally {
    await stopStores();
  }
  if (existsSync(results)) {
    const summary = JSON.parse(readFileSync(results, 'utf8'));
    log(`test suite took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // The plain closing line CI reads (jest's own summary is not one it knows).
    console.log(
      `jest: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${summary.numPendingTests} skipped`,
    );
  }
  process.exit(exitCode);
}

main();
