// `npm run test:faults`: the slow reliability suite (test/faults). Each file starts its own
// FerretDB and redis-server, so it needs only the FerretDB launcher and `redis-server` on the
// PATH; it compiles first because it runs the web and worker processes as production does.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import {
  ensureFerretDBLauncher,
  ensureNodeModules,
  log,
  projectRoot,
  run,
} from './lib/services.mjs';

async function main() {
  const started = Date.now();
  ensureNodeModules();
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    console.error(
      '[campus] the fault suite restarts Redis: install redis-server (apt-get install redis-server)',
    );
    process.exit(1);
  }
  ensureFerretDBLauncher();
  log('compiling TypeScript...');
  run('npx', ['tsc', '-p', 'tsconfig.json']);
  const jestBin = path.join(projectRoot, 'node_modules/jest/bin/jest.js');
  const env = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' };
  const jest = (args) =>
    new Promise((resolve) => {
      const child = spawn('node', [jestBin, '--config', 'jest.faults.config.mjs', ...args], {
        cwd: projectRoot,
        env,
        stdio: 'inherit',
      });
      child.once('exit', (exitCode) => resolve(exitCode ?? 1));
    });
  // Each file runs a cluster of its own, so two files at a time halve the wait; the webhook storm
  // measures answer times against Zoom's 3 s, so it runs alone, on an otherwise quiet machine.
  const alone = 'webhook-storm';
  const asked = process.argv.slice(2);
  let code;
  if (asked.length) code = await jest(['--runInBand', ...asked]);
  else {
    const others = await jest(['--maxWorkers=2', '--testPathIgnorePatterns', alone]);
    code = (await jest(['--runInBand', alone])) || others;
  }
  log(`fault suite took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(code);
}

main();
