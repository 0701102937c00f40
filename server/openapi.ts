// The OpenAPI 3.1 document of /api/v1, built from the operation table (server/api-routes.ts) and
// the same zod schemas the routes validate with.
import { z } from 'zod';
import { keyAlgorithms } from '../badges';
import { levelKeys } from '../courses';
import type { ApiOperation } from '../platform/api-routes';

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, object>;
    required?: string[];
  };
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const ok = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'object' } } },
});

/** An award's public id: a random UUID (crypto.randomUUID), never a database id. */
export const publicIdSchema = {
  type: 'string',
  format: 'uuid',
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
};

/** Path parameters are typed by their name, the way the routes parse them. */
function pathParameter(name: string) {
  const schema =
    name === 'level'
      ? { enum: levelKeys }
      : name === 'publicId'
        ? publicIdSchema
        : name === 'algorithm'
          ? { enum: keyAlgorithms }
          : /Id$/.test(name)
            ? { type: 'string', pattern: '^[a-f0-9]{24}$' }
            : { type: 'string', pattern: '^[a-z0-9-]{1,80}$' };
  return { name, in: 'path', required: true, schema };
}

function requestBody(operation: ApiOperation) {
  if (operation.upload) {
    return {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: [operation.upload.field],
            properties: {
              [operation.upload.field]: {
                type: 'string',
                format: 'binary',
                description: operation.upload.description,
              },
              ...(operation.body ? jsonSchema(operation.body).properties : {}),
            },
          },
        },
      },
    };
  }
  if (!operation.body) return undefined;
  return {
    required: true,
    content: { 'application/json': { schema: jsonSchema(operation.body) } },
  };
}

function describeOperation(operation: ApiOperation) {
  const parameters: object[] = [...operation.path.matchAll(/:(\w+)/g)].map((match) =>
    pathParameter(match[1]!),
  );
  if (operation.query) {
    const query = jsonSchema(operation.query);
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      parameters.push({
        name,
        in: 'query',
        required: query.required?.includes(name) ?? false,
        schema,
      });
    }
  }
  if (operation.method !== 'get') parameters.push({ $ref: '#/components/parameters/CsrfToken' });

  const responses: Record<string, object> = {};
  for (const [status, description] of Object.entries(operation.responses)) {
    responses[status] =
      Number(status) >= 400
        ? problem(description)
        : status === '204'
          ? { description }
          : ok(description);
  }
  if (operation.access !== 'public') responses['401'] ??= problem('Not logged in');
  if (Array.isArray(operation.access))
    responses['403'] ??= problem(`Only for: ${operation.access.join(', ')}`);

  return {
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.access === 'public' ? {} : { security: [{ session: [] }] }),
    parameters,
    requestBody: requestBody(operation),
    responses,
  };
}

function buildPaths(operations: ApiOperation[]) {
  const paths: Record<string, Record<string, object>> = {};
  for (const operation of operations) {
    const path = operation.path.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[operation.method] = describeOperation(operation);
  }
  return paths;
}

export function buildOpenApiDocument(baseUrl: string, operations: ApiOperation[]) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Campus API',
      version: '1.0.0',
      description:
        'Catalog, enrolment, learning, authoring and accounts. Browser-style clients authenticate with the session cookie; ' +
        'every POST, PUT, PATCH and DELETE needs the x-csrf-token header (GET /auth/csrf, or the token returned at login).',
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
    paths: buildPaths(operations),
  };
}
