// The compiled web and worker processes, started as production starts them (npm test compiles first).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const baseEnv = {
  PATH: process.env.PATH ?? '',
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  MONGODB_URI: process.env.MONGODB_URI ?? '',
  MONGODB_DB: `test_process_${process.pid}`,
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  REDIS_PREFIX: `campus-test:process-${process.pid}`,
};

function start(script: string, env: Record<string, string>) {
  const child = spawn('node', [path.join(root, 'dist/server', script)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = once(child, 'exit').then(([code]) => code as number);
  return { child, exited, stderr: () => stderr };
}

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  return port;
}

async function waitForHealth(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100 && child.exitCode === null; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the web process did not become healthy');
}

describe('starting and stopping the processes', () => {
  test('a missing setting stops the web process with one line naming it', async () => {
    const { MONGODB_URI: _unset, ...withoutDatabase } = baseEnv;
    const web = start('main.js', withoutDatabase);
    expect(await web.exited).toBe(78);
    expect(web.stderr().trim().split('\n')).toEqual([
      'Invalid configuration: MONGODB_URI is required (is missing). See .env.example.',
    ]);
  });

  test('when Redis does not answer, the web process stops with a clear error naming Redis', async () => {
    const web = start('main.js', { ...baseEnv, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(await web.exited).toBe(1);
    expect(web.stderr()).toContain('campus web: Cannot reach Redis at redis://127.0.0.1:1');
  });

  test('on SIGTERM the web process answers the request in flight, then exits 0', async () => {
    const port = await freePort();
    const web = start('main.js', { ...baseEnv, PORT: String(port) });
    await waitForHealth(port, web.child);

    // A request whose body is still arriving when the signal comes.
    const socket = net.connect(port, '127.0.0.1');
    await once(socket, 'connect');
    const body = '{"email":"late@example.org"}';
    socket.write(
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    web.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(web.child.exitCode).toBeNull(); // still waiting for the request
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.write(body.slice(10));
    await once(socket, 'close');
    expect(answer).toMatch(/^HTTP\/1\.1 403/); // answered (no CSRF token), not cut off
    expect(await web.exited).toBe(0);
  });

  test('on SIGTERM the worker closes its queues and exits 0', async () => {
    const worker = start('worker.js', { ...baseEnv, LOG_LEVEL: 'info' });
    // Wait for the worker to say it is ready (its queues are open), however slow the machine.
    let stdout = '';
    await new Promise<void>((resolve, reject) => {
      worker.child.stdout!.on('data', (chunk) => {
        stdout += chunk;
        if (stdout.includes('worker ready')) resolve();
      });
      worker.exited.then((code) => reject(new Error(`worker exited early (${code})`)));
    });
    expect(worker.child.exitCode).toBeNull();
    worker.child.kill('SIGTERM');
    const code = await worker.exited;
    // On failure, show what the worker said about its shutdown.
    expect({ code, log: code === 0 ? '' : stdout + worker.stderr() }).toEqual({ code: 0, log: '' });
  });
});
