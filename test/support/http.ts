// Helpers to act as a browser would: keep cookies, read the CSRF token from the form.
import request from 'supertest';
import { createTestUser, testPassword } from './factories';
import type { Express } from 'express';

export type Agent = ReturnType<typeof request.agent>;

export function browser(app: Express): Agent {
  return request.agent(app);
}

/** The CSRF token of the form on a page, as a browser would submit it. */
export async function csrfFrom(agent: Agent, pagePath: string): Promise<string> {
  const page = await agent.get(pagePath);
  const match = /name="_csrf" value="([^"]+)"/.exec(page.text);
  if (!match) throw new Error(`no CSRF token in the form at ${pagePath} (status ${page.status})`);
  return match[1]!;
}

/** Fills in and submits a form the way a browser does (urlencoded, with its CSRF token). */
export async function submitForm(
  agent: Agent,
  pagePath: string,
  action: string,
  fields: Record<string, string>,
) {
  const csrf = await csrfFrom(agent, pagePath);
  return agent
    .post(action)
    .type('form')
    .send({ ...fields, _csrf: csrf });
}

/** An API client with a session and its CSRF token. */
export async function apiClient(app: Express): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(app);
  const response = await agent.get('/api/v1/auth/csrf').expect(200);
  return { agent, csrf: response.body.csrfToken as string };
}

/** An API client logged in as this user (the token returned at login replaces the first one). */
export async function apiLogin(
  app: Express,
  credentials: { email: string; password: string },
): Promise<{ agent: Agent; csrf: string }> {
  const { agent, csrf } = await apiClient(app);
  const response = await agent
    .post('/api/v1/auth/login')
    .set('x-csrf-token', csrf)
    .send(credentials)
    .expect(200);
  return { agent, csrf: response.body.csrfToken as string };
}

export type ApiUser = { agent: Agent; csrf: string; id: string };

/** A new user with these roles, logged in through the API (its id for assertions). */
export async function apiUser(
  app: Express,
  roles: ('student' | 'instructor' | 'admin')[] = ['student'],
): Promise<ApiUser> {
  const user = await createTestUser({ roles });
  return {
    ...(await apiLogin(app, { email: user.email, password: testPassword })),
    id: user.id as string,
  };
}

/** supertest parser that keeps a binary response (PDF, PNG) as a Buffer in `body`. */
export function binaryBody(
  res: request.Response,
  done: (error: Error | null, body: Buffer) => void,
): void {
  // supertest hands the parser the raw response stream.
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}
