// A small steady load for the outage scenarios: a few loops of plain fetches, every answer
// recorded with its start, end and status, so a test can look at any window afterwards.

export interface Sample {
  name: string;
  start: number;
  end: number;
  status: number; // 0 when no answer came at all (connection refused, 5 s timeout)
  body: string;
}

export interface LoadRequest {
  name: string;
  path: string;
  headers?: Record<string, string>;
}

export function startLoad(baseUrl: string, requests: LoadRequest[], loops = 4) {
  const samples: Sample[] = [];
  let running = true;
  let next = 0;
  const loop = async () => {
    while (running) {
      const request = requests[next++ % requests.length]!;
      const start = Date.now();
      let status: number;
      let body = '';
      try {
        const response = await fetch(`${baseUrl}${request.path}`, {
          headers: request.headers ?? {},
          redirect: 'manual',
          signal: AbortSignal.timeout(5000),
        });
        status = response.status;
        body = await response.text();
      } catch {
        status = 0;
      }
      samples.push({ name: request.name, start, end: Date.now(), status, body });
    }
  };
  const loopsDone = Promise.all(Array.from({ length: loops }, loop));
  return {
    samples,
    async stop(): Promise<Sample[]> {
      running = false;
      await loopsDone;
      return samples;
    },
  };
}

const cookiesOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');

/** A visitor's session: its cookie and the CSRF token its writes must carry. */
export async function anonymousSession(baseUrl: string) {
  const response = await fetch(`${baseUrl}/api/v1/auth/csrf`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: cookiesOf(response), csrf: csrfToken };
}

/** A JSON POST as that session. */
export function postJson(
  baseUrl: string,
  session: { cookie: string; csrf: string },
  path: string,
  body: object,
) {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-csrf-token': session.csrf,
      cookie: session.cookie,
    },
    body: JSON.stringify(body),
  });
}

/** Logs in through the API as a browser-less client would; the session cookie and CSRF token. */
export async function logInOverHttp(baseUrl: string, email: string, password: string) {
  const login = await postJson(baseUrl, await anonymousSession(baseUrl), '/api/v1/auth/login', {
    email,
    password,
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const body = (await login.json()) as { csrfToken: string };
  return { cookie: cookiesOf(login), csrf: body.csrfToken };
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
