// A campus the fault suite may break: its own FerretDB and its own redis-server (on free ports,
// with their data in a temporary folder, so both can be killed and restarted where they were),
// and the compiled web and worker processes, started as production starts them.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeStores, connectStores } from '../../../server/bootstrap';
import { loadConfig } from '../../../platform/config';
import type { AppContext } from '../../../platform/context';
import { createLogger } from '../../../platform/logger';

const root = path.resolve(__dirname, '../../..');
const ferretdbLauncher = path.join(root, 'tools/ferretdb/bin/ferretdb-launcher');

export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => (socket.destroy(), resolve(false)));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing answered on port ${port}`);
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until check() is true; fails naming what it waited for. */
export async function eventually(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 30000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still waiting after ${timeoutMs} ms for ${what}`);
    await sleep(100);
  }
}

/** A child process whose output the test can wait on. */
export class RunningProcess {
  private output = '';
  /** Every warning and error line (pino levels 40+), kept whole: what went wrong, for a failure. */
  readonly problems: string[] = [];
  private readonly waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      for (const line of text.split('\n'))
        if (/"level":[456]0/.test(line) && this.problems.length < 500) this.problems.push(line);
      this.output = (this.output + text).slice(-200_000);
      for (const waiter of [...this.waiters])
        if (waiter.pattern.test(this.output)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = once(child, 'exit').then(([code]) => code as number | null);
  }

  get log(): string {
    return this.output;
  }

  /** Resolves when the process has printed a line matching the pattern. */
  waitFor(pattern: RegExp, timeoutMs = 30000): Promise<void> {
    if (pattern.test(this.output)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`${this.name} never printed ${pattern} in ${timeoutMs} ms:\n${this.tail()}`),
          ),
        timeoutMs,
      );
      const exit = () =>
        reject(new Error(`${this.name} exited before printing ${pattern}:\n${this.tail()}`));
      void this.exited.then(exit);
      this.waiters.push({
        pattern,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  tail(lines = 30): string {
    return this.output.split('\n').slice(-lines).join('\n');
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

export interface Cluster {
  /** Settings the web and worker processes run with (and this test process connects with). */
  env: Record<string, string>;
  webUrl: string;
  startWeb(extra?: Record<string, string>): Promise<RunningProcess>;
  startWorker(extra?: Record<string, string>): Promise<RunningProcess>;
  stopRedis(signal?: NodeJS.Signals): Promise<void>;
  startRedis(): Promise<void>;
  stopDatabase(signal?: NodeJS.Signals): Promise<void>;
  startDatabase(): Promise<void>;
  /** This test process's own connection to the cluster's stores (for arranging and checking). */
  connect(): Promise<AppContext>;
  stop(): Promise<void>;
}

export async function startCluster(extraEnv: Record<string, string> = {}): Promise<Cluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'campus-faults-'));
  const [databasePort, redisPort, webPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
  ]);
  let database: RunningProcess | undefined;
  let redis: RunningProcess | undefined;
  const processes: RunningProcess[] = [];
  let context: AppContext | undefined;

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    PORT: String(webPort),
    BASE_URL: `http://127.0.0.1:${webPort}`,
    MONGODB_URI: `mongodb://127.0.0.1:${databasePort}/`,
    MONGODB_DB: 'faults',
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    REDIS_PREFIX: 'faults',
    MAIL_OUTBOX_DIR: path.join(dir, 'outbox'),
    STAFF_TWO_FACTOR: 'false',
    // A killed worker's job is taken over after 2 s instead of 30.
    JOB_STALL_SECONDS: '2',
    SHUTDOWN_GRACE_SECONDS: '5',
    LOGIN_RATE_LIMIT: '1000',
    ...extraEnv,
  };

  const startDatabase = async () => {
    database = new RunningProcess(
      'FerretDB',
      spawn(
        ferretdbLauncher,
        ['-listen', `127.0.0.1:${databasePort}`, '-data', path.join(dir, 'ferretdb')],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      ),
    );
    await waitForPort(databasePort);
  };
  const startRedis = async () => {
    // Append-only file, synced on every write: what a production Redis behind bull should run,
    // so a Redis that dies keeps every job it acknowledged.
    redis = new RunningProcess(
      'redis-server',
      spawn(
        'redis-server',
        [
          '--port',
          String(redisPort),
          '--bind',
          '127.0.0.1',
          '--dir',
          dir,
          '--appendonly',
          'yes',
          '--appendfsync',
          'always',
          '--save',
          '',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    );
    await waitForPort(redisPort);
  };
  const startNode = async (script: string, name: string, extra: Record<string, string>) => {
    const running = new RunningProcess(
      name,
      spawn('node', [path.join(root, 'dist/server', script)], {
        env: { ...env, ...extra },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    processes.push(running);
    return running;
  };

  await Promise.all([startDatabase(), startRedis()]);
  return {
    env,
    webUrl: env.BASE_URL!,
    async startWeb(extra = {}) {
      const web = await startNode('main.js', 'web', extra);
      await web.waitFor(/campus listening/);
      return web;
    },
    async startWorker(extra = {}) {
      const worker = await startNode('worker.js', 'worker', extra);
      await worker.waitFor(/worker ready/);
      return worker;
    },
    stopRedis: async (signal = 'SIGKILL') => void (await redis?.kill(signal)),
    startRedis,
    stopDatabase: async (signal = 'SIGKILL') => void (await database?.kill(signal)),
    startDatabase,
    async connect() {
      const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
      context ??= await connectStores(config, createLogger(config));
      return context;
    },
    async stop() {
      await Promise.all(processes.map((running) => running.kill('SIGKILL')));
      if (context) await closeStores(context).catch(() => undefined);
      await Promise.all([redis?.kill('SIGKILL'), database?.kill('SIGKILL')]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
