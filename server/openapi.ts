// The OpenAPI 3.1 document of /api/v1, built from the same zod schemas the routes validate with.
import { z } from 'zod';
import { accountSchemas } from '../accounts';
import { catalogSchemas, levelKeys } from '../courses';

const body = (schema: z.ZodType) => ({
  required: true,
  content: {
    'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) },
  },
});
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const ok = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'object' } } },
});
/** An operation on the logged-in user's own data: session cookie required, 401 without it. */
const mine = <Operation extends { responses: Record<string, unknown> }>(operation: Operation) => ({
  ...operation,
  security: [{ session: [] }],
  responses: { ...operation.responses, 401: problem('Not logged in') },
});
const levelPath = { name: 'level', in: 'path', required: true, schema: { enum: levelKeys } };
const csrfHeader = { $ref: '#/components/parameters/CsrfToken' };
const slug = (name: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[a-z0-9-]{1,80}$' },
});

export function buildOpenApiDocument(baseUrl: string) {
  const filter = z.toJSONSchema(catalogSchemas.courseFilterInput, {
    io: 'input',
    unrepresentable: 'any',
  }) as {
    properties: Record<string, object>;
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Campus API',
      version: '1.0.0',
      description:
        'Catalog, accounts and profile. Browser-style clients authenticate with the session cookie; ' +
        'every POST, PATCH and DELETE needs the x-csrf-token header (GET /auth/csrf, or the token returned at login).',
    },
    servers: [{ url: `${baseUrl}/api/v1` }],
    components: {
      parameters: {
        CsrfToken: {
          name: 'x-csrf-token',
          in: 'header',
          required: true,
          schema: { type: 'string' },
        },
      },
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'campus.sid' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            code: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { field: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
    paths: {
      '/specializations': {
        get: {
          tags: ['catalog'],
          summary: 'Published specializations',
          responses: { 200: ok('Specializations with their levels') },
        },
      },
      '/specializations/{slug}': {
        get: {
          tags: ['catalog'],
          summary: 'A specialization with its levels and courses',
          parameters: [slug('slug')],
          responses: { 200: ok('The specialization'), 404: problem('Unknown specialization') },
        },
      },
      '/specializations/{slug}/levels/{level}': {
        get: {
          tags: ['catalog'],
          summary: 'One level of a specialization',
          parameters: [slug('slug'), levelPath],
          responses: {
            200: ok('The level and its courses'),
            404: problem('Unknown specialization or level'),
          },
        },
      },
      '/courses': {
        get: {
          tags: ['catalog'],
          summary: 'Published courses, optionally by topic and language',
          parameters: Object.entries(filter.properties).map(([name, schema]) => ({
            name,
            in: 'query',
            required: false,
            schema,
          })),
          responses: { 200: ok('Courses'), 422: problem('Unknown topic or language') },
        },
      },
      '/courses/{slug}': {
        get: {
          tags: ['catalog'],
          summary: 'A course page',
          parameters: [slug('slug')],
          responses: { 200: ok('The course'), 404: problem('Unknown course') },
        },
      },
      '/auth/csrf': {
        get: {
          tags: ['auth'],
          summary: 'A CSRF token for this session',
          responses: { 200: ok('{ csrfToken }') },
        },
      },
      '/auth/register': {
        post: {
          tags: ['auth'],
          summary: 'Create a student account and log in',
          parameters: [csrfHeader],
          requestBody: body(accountSchemas.registerInput),
          responses: {
            201: ok('{ user, csrfToken }'),
            403: problem('Self-registration is closed, or CSRF token missing'),
            409: problem('Email taken'),
            422: problem('Invalid field'),
          },
        },
      },
      '/auth/login': {
        post: {
          tags: ['auth'],
          summary: 'Log in',
          parameters: [csrfHeader],
          requestBody: body(accountSchemas.loginInput),
          responses: {
            200: ok('{ user, csrfToken } — use the new token from now on'),
            401: problem('Email or password is incorrect'),
            429: problem('Too many attempts'),
          },
        },
      },
      '/auth/logout': {
        post: {
          tags: ['auth'],
          summary: 'Log out',
          parameters: [csrfHeader],
          responses: { 204: { description: 'Logged out' } },
        },
      },
      '/auth/password-reset': {
        post: {
          tags: ['auth'],
          summary: 'Email a password reset link (same answer whether or not the account exists)',
          parameters: [csrfHeader],
          requestBody: body(accountSchemas.passwordResetRequestInput),
          responses: { 202: ok('Accepted'), 422: problem('Invalid email') },
        },
      },
      '/auth/password-reset/confirm': {
        post: {
          tags: ['auth'],
          summary: 'Set a new password with the emailed token',
          parameters: [csrfHeader],
          requestBody: body(accountSchemas.passwordResetInput),
          responses: {
            204: { description: 'Password changed; every session of the account is logged out' },
            400: problem('Expired or used token'),
            422: problem('Weak password'),
          },
        },
      },
      '/me/enrollments': {
        get: mine({
          tags: ['enrollment'],
          summary: 'My active enrolments, newest first',
          responses: {
            200: ok('{ enrollments: [{ course, enrolledAt }] }'),
          },
        }),
      },
      '/me/enrollments/{courseSlug}': {
        put: mine({
          tags: ['enrollment'],
          summary: 'Enroll in a course (idempotent)',
          parameters: [slug('courseSlug'), csrfHeader],
          responses: {
            200: ok(
              '{ enrolled: [slug], alreadyEnrolled: [] } or the reverse when already enrolled',
            ),
            404: problem('Unknown or unpublished course'),
          },
        }),
        delete: mine({
          tags: ['enrollment'],
          summary: 'Leave a course (progress is kept for a later return)',
          parameters: [slug('courseSlug'), csrfHeader],
          responses: {
            204: { description: 'Left' },
            404: problem('Unknown course'),
          },
        }),
      },
      '/me/specializations/{slug}/levels/{level}/enrollment': {
        put: mine({
          tags: ['enrollment'],
          summary: 'Enroll in every course of a level (idempotent)',
          parameters: [slug('slug'), levelPath, csrfHeader],
          responses: {
            200: ok('{ enrolled, alreadyEnrolled }'),
            404: problem('Unknown specialization or level'),
          },
        }),
      },
      '/me/specializations/{slug}/enrollment': {
        put: mine({
          tags: ['enrollment'],
          summary: 'Enroll in every course of a specialization (idempotent)',
          parameters: [slug('slug'), csrfHeader],
          responses: {
            200: ok('{ enrolled, alreadyEnrolled }'),
            404: problem('Unknown specialization'),
          },
        }),
      },
      '/me': {
        get: mine({
          tags: ['profile'],
          summary: 'My profile',
          responses: { 200: ok('{ user }') },
        }),
        patch: mine({
          tags: ['profile'],
          summary: 'Change my profile',
          parameters: [csrfHeader],
          requestBody: body(accountSchemas.profileInput.partial()),
          responses: {
            200: ok('{ user }'),
            422: problem('Invalid field'),
          },
        }),
      },
    },
  };
}
