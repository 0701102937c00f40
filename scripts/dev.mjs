// `npm run dev`: installs what is missing, starts FerretDB (unless MONGODB_URI is set) and Redis
// (if nothing answers), seeds the demo campus, then runs the web and worker processes.
// Ctrl-C stops everything it started.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  ensureNodeModules,
  ensureRedis,
  isPortOpen,
  log,
  projectRoot,
  run,
  startFerretDB,
} from './lib/services.mjs';

async function main() {
  if (existsSync(path.join(projectRoot, '.env')))
    process.loadEnvFile(path.join(projectRoot, '.env'));
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    // The demo's staff accounts can be tried without an authenticator app; production keeps the
    // rule on (set STAFF_TWO_FACTOR=true to try it here).
    STAFF_TWO_FACTOR: process.env.STAFF_TWO_FACTOR ?? 'false',
  };
  const stops = [];
  const children = [];
  let stopping = false;
  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map((child) =>
        child.exitCode === null ? new Promise((r) => child.once('exit', r)) : null,
      ),
    );
    for (const stop of stops.reverse()) await stop();
    process.exit(code);
  };
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  try {
    ensureNodeModules();
    log('compiling TypeScript...');
    run('npx', ['tsc', '-p', 'tsconfig.json']);

    if (!env.MONGODB_URI) {
      const port = Number(env.FERRETDB_PORT ?? 27017);
      if (await isPortOpen(port)) {
        throw new Error(
          `port ${port} is taken; stop what runs there, set FERRETDB_PORT, or set MONGODB_URI`,
        );
      }
      const ferret = await startFerretDB({
        port,
        dataDir: path.join(projectRoot, '.data/ferretdb'),
      });
      stops.push(ferret.stop);
      env.MONGODB_URI = ferret.uri;
      log(`FerretDB answering at ${ferret.uri} (data in .data/ferretdb)`);
    }
    const redis = await ensureRedis(env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    stops.push(redis.stop);

    run('node', ['dist/server/seed.js'], { env });
    for (const [name, script] of [
      ['web', 'dist/server/main.js'],
      ['worker', 'dist/server/worker.js'],
    ]) {
      const child = spawn('node', [script], { cwd: projectRoot, env, stdio: 'inherit' });
      child.once('exit', (code) => {
        if (!stopping) {
          log(`${name} exited with code ${code}; stopping`);
          stopAll(code || 1);
        }
      });
      children.push(child);
    }
    log(`Campus is starting at ${env.BASE_URL ?? 'http://localhost:3000'} (Ctrl-C stops it)`);
  } catch (error) {
    console.error(`[campus] ${error.message}`);
    await stopAll(1);
  }
}

main();
