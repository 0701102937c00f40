// `npm run bench`: compiles, starts a throw-away FerretDB and Redis as `npm test` does, and runs
// the benchmarks in bench/ (compiled). Figures are ratios against floors measured in the same run.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import {
  ensureNodeModules,
  ensureRedis,
  freePort,
  log,
  projectRoot,
  run,
  startFerretDB,
} from './lib/services.mjs';

async function main() {
  ensureNodeModules();
  log('compiling TypeScript...');
  run('npx', ['tsc', '-p', 'tsconfig.json']);
  const env = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' };
  const stops = [];
  let exitCode = 1;
  try {
    if (!env.MONGODB_URI) {
      const dataDir = path.join(projectRoot, `.data/bench-ferretdb-${process.pid}`);
      rmSync(dataDir, { recursive: true, force: true });
      const ferret = await startFerretDB({ port: await freePort(), dataDir });
      stops.push(async () => {
        await ferret.stop();
        rmSync(dataDir, { recursive: true, force: true });
      });
      env.MONGODB_URI = ferret.uri;
    }
    const redis = await ensureRedis(env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    stops.push(redis.stop);
    exitCode = await new Promise((resolve) => {
      const child = spawn('node', [path.join(projectRoot, 'dist/bench/run.js')], {
        cwd: projectRoot,
        env,
        stdio: 'inherit',
      });
      child.once('exit', (code) => resolve(code ?? 1));
    });
  } catch (error) {
    console.error(`[campus] ${error.message}`);
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
  process.exit(exitCode);
}

main();
