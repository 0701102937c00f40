// Local services for dev and tests: the FerretDB launcher (built once, cached) and Redis.
// Plain Node ESM with builtins only, so `npm run dev` works before anything is compiled.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const launcherDir = path.join(projectRoot, 'tools/ferretdb');
const launcherBin = path.join(launcherDir, 'bin/ferretdb-launcher');
const stampFile = path.join(launcherDir, 'bin/.source-hash');

export function log(message) {
  console.log(`[campus] ${message}`);
}

// The launcher is built against a copy of the FerretDB module with the patches in
// tools/ferretdb/patches applied in name order (what each fixes is written at its top): the _id
// lookup and top-level equality / $in use the collection's indexes, and an update command of 100
// or more statements no longer hangs. The build stops if one does not apply.
const patchesDir = path.join(launcherDir, 'patches');
const patchFiles = () =>
  readdirSync(patchesDir)
    .filter((name) => name.endsWith('.patch'))
    .sort();

function launcherSourceHash() {
  const hash = createHash('sha256');
  for (const file of ['main.go', 'go.mod', 'go.sum']) {
    hash.update(readFileSync(path.join(launcherDir, file)));
  }
  for (const name of patchFiles()) {
    hash.update(name);
    hash.update(readFileSync(path.join(patchesDir, name)));
  }
  return hash.digest('hex');
}

/** A patched copy of the FerretDB module in bin/, and a go.mod that builds against it. */
function preparePatchedFerretDB() {
  const module = 'github.com/FerretDB/FerretDB';
  const go = (args) => {
    const result = spawnSync('go', args, { cwd: launcherDir, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`go ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout.trim();
  };
  go(['mod', 'download', module]);
  const original = go(['list', '-m', '-f', '{{.Dir}}', module]);
  const copy = path.join(launcherDir, 'bin/ferretdb-src');
  rmSync(copy, { recursive: true, force: true });
  cpSync(original, copy, { recursive: true });
  const makeWritable = (dir) => {
    chmodSync(dir, 0o755);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const entryPath = path.join(dir, entry.name);
      if (entry.isDirectory()) makeWritable(entryPath);
      else chmodSync(entryPath, 0o644);
    }
  };
  makeWritable(copy);
  for (const name of patchFiles()) {
    // `patch`, not `git apply`: inside this repository git apply skips, silently, files outside
    // the current folder. No fuzz, so a patch that does not fit v1.24.2 exactly stops the build.
    const applied = spawnSync(
      'patch',
      [
        '-p1',
        '-N',
        '--fuzz=0',
        '--no-backup-if-mismatch',
        '-r',
        '-',
        '-d',
        copy,
        '-i',
        path.join(patchesDir, name),
      ],
      { encoding: 'utf8' },
    );
    if (applied.status !== 0) {
      throw new Error(
        `FerretDB patch tools/ferretdb/patches/${name} does not apply to ${module}:\n${applied.error?.message ?? ''}${applied.stdout}${applied.stderr}`,
      );
    }
  }
  const modFile = path.join(launcherDir, 'bin/go.patched.mod');
  writeFileSync(
    modFile,
    `${readFileSync(path.join(launcherDir, 'go.mod'), 'utf8')}\nreplace ${module} => ${copy}\n`,
  );
  cpSync(path.join(launcherDir, 'go.sum'), path.join(launcherDir, 'bin/go.patched.sum'));
  return modFile;
}

/** Builds tools/ferretdb once; rebuilds only when its Go sources change. */
export function ensureFerretDBLauncher() {
  const hash = launcherSourceHash();
  if (
    existsSync(launcherBin) &&
    existsSync(stampFile) &&
    readFileSync(stampFile, 'utf8') === hash
  ) {
    return launcherBin;
  }
  if (spawnSync('go', ['version']).status !== 0) {
    throw new Error(
      'Go is needed to build the FerretDB launcher (tools/ferretdb): install Go or set MONGODB_URI',
    );
  }
  log('building the FerretDB launcher (first run only, about a minute)...');
  const started = Date.now();
  mkdirSync(path.dirname(launcherBin), { recursive: true });
  const modFile = preparePatchedFerretDB();
  const build = spawnSync('go', ['build', `-modfile=${modFile}`, '-o', launcherBin, '.'], {
    cwd: launcherDir,
    stdio: 'inherit',
  });
  if (build.status !== 0)
    throw new Error(`go build of tools/ferretdb failed (exit ${build.status})`);
  writeFileSync(stampFile, hash);
  log(`FerretDB launcher built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return launcherBin;
}

export function waitForPort(port, host = '127.0.0.1', timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, host);
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline)
          reject(new Error(`nothing answered on ${host}:${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

export function isPortOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts FerretDB (SQLite backend) with its data under dataDir; resolves once it accepts connections. */
export async function startFerretDB({ port, dataDir, quiet = true }) {
  const bin = ensureFerretDBLauncher();
  mkdirSync(dataDir, { recursive: true });
  const child = spawn(bin, ['-listen', `127.0.0.1:${port}`, '-data', dataDir], {
    stdio: quiet ? ['ignore', 'ignore', 'pipe'] : 'inherit',
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await Promise.race([
      waitForPort(port),
      exited.then((code) => {
        throw new Error(`FerretDB exited with code ${code} before answering:\n${stderr}`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    process: child,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/**
 * Makes sure Redis answers at redisUrl. When nothing listens there and it is a local address,
 * starts `redis-server` (in memory, no persistence) and returns a stop function for it.
 */
export async function ensureRedis(redisUrl) {
  const url = new URL(redisUrl);
  const port = Number(url.port || 6379);
  const host = url.hostname || '127.0.0.1';
  if (await isPortOpen(port, host)) return { started: false, stop: async () => {} };
  const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);
  if (!local || spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      `Redis does not answer at ${redisUrl}. Start it (apt-get install redis-server) or set REDIS_URL.`,
    );
  }
  log(`starting redis-server on port ${port}`);
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  await waitForPort(port, '127.0.0.1', 10000);
  return {
    started: true,
    stop: async () => {
      child.kill('SIGTERM');
    },
  };
}

/** Installs node_modules when missing or older than package-lock.json. */
export function ensureNodeModules() {
  const installed = path.join(projectRoot, 'node_modules/.package-lock.json');
  const lock = path.join(projectRoot, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing npm dependencies (npm ci)...');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('npm ci failed');
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: projectRoot, stdio: 'inherit', ...options });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

/**
 * For `npm test` and `npm run bench`: a throw-away FerretDB on a free port with its own data
 * folder (unless env.MONGODB_URI is set) and Redis. Sets env.MONGODB_URI; returns the stoppers.
 */
export async function startThrowawayStores(env, name) {
  const stops = [];
  if (!env.MONGODB_URI) {
    // The tests' data is thrown away: it lives on the RAM disk when the machine has one, where
    // SQLite's sync of every write costs nothing (the suite ran about 15% faster here). The bench
    // keeps the disk, as production has one.
    const scratch =
      name === 'tests' && existsSync('/dev/shm') ? '/dev/shm' : path.join(projectRoot, '.data');
    const dataDir = path.join(scratch, `campus-${name}-ferretdb-${process.pid}`);
    rmSync(dataDir, { recursive: true, force: true });
    const ferret = await startFerretDB({ port: await freePort(), dataDir });
    stops.push(async () => {
      await ferret.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    env.MONGODB_URI = ferret.uri;
    log(`FerretDB for ${name} at ${ferret.uri}`);
  }
  const redis = await ensureRedis(env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  stops.push(redis.stop);
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
