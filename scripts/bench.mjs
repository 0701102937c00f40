// `npm run bench`: compiles, starts a throw-away FerretDB and Redis as `npm test` does, and runs
// the benchmarks in bench/ (compiled). Figures are ratios against floors measured in the same run.
// `npm run soak` runs bench/soak.ts the same way (`node scripts/bench.mjs soak`).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureNodeModules, log, projectRoot, run, startThrowawayStores } from './lib/services.mjs';

async function main() {
  ensureNodeModules();
  log('compiling TypeScript...');
  run('npx', ['tsc', '-p', 'tsconfig.json']);
  const env = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' };
  let stopStores = async () => {};
  let exitCode = 1;
  try {
    stopStores = await startThrowawayStores(env, 'bench');
    exitCode = await new Promise((resolve) => {
      const script = process.argv[2] ?? 'run';
      const child = spawn('node', [path.join(projectRoot, `dist/bench/${script}.js`)], {
        cwd: projectRoot,
        env,
        stdio: 'inherit',
      });
      child.once('exit', (code) => resolve(code ?? 1));
    });
  } catch (error) {
    console.error(`[campus] ${error.message}`);
  } finally {
    await stopStores();
  }
  process.exit(exitCode);
}

main();
