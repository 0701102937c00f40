// The Service Description Document (spec §6.3): an OpenAPI 3.0 document naming the OAuth server's
// registration, authorization and token endpoints and the API's scopes, unprotected.
import { allObScopes, obPaths, obScopes, scopeName } from './ob-scopes';

const scopeDescriptions: Record<string, string> = {
  [obScopes.credentialRead]: 'Permission to read the OpenBadgeCredentials of the student.',
  [obScopes.credentialUpsert]:
    'Permission to store OpenBadgeCredentials of other issuers in the student’s campus wallet.',
  [obScopes.profileRead]: 'Permission to read the student’s profile.',
  [obScopes.profileUpdate]: 'Permission to update the student’s name.',
};

const imsxResponse = {
  description: 'The request was invalid or cannot be served.',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Imsx_StatusInfo' } } },
};

export function serviceDescription(baseUrl: string, issuerName: string) {
  const oauth = `${baseUrl}${obPaths.oauth}`;
  const secured = (scope: string) => [{ OAuth2ACG: [scope] }];
  return {
    openapi: '3.0.1',
    info: {
      title: `${issuerName}: Open Badges 3.0 API`,
      description: 'Open Badges 3.0 service provider of the campus.',
      version: '3.0',
      termsOfService: `${baseUrl}/terms`,
      'x-imssf-image': `${baseUrl}/public/favicon.svg`,
      'x-imssf-privacyPolicyUrl': `${baseUrl}/privacy`,
    },
    servers: [{ url: `${baseUrl}${obPaths.api}` }],
    tags: [{ name: 'OpenBadgeCredentials' }, { name: 'Discovery' }],
    paths: {
      '/credentials': {
        get: {
          tags: ['OpenBadgeCredentials'],
          operationId: 'getCredentials',
          parameters: [
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 50 } },
            { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0 } },
            { name: 'since', in: 'query', schema: { type: 'string', format: 'date-time' } },
          ],
          responses: {
            200: { description: 'GetOpenBadgeCredentialsResponse' },
            default: imsxResponse,
          },
          security: secured(obScopes.credentialRead),
        },
        post: {
          tags: ['OpenBadgeCredentials'],
          operationId: 'upsertCredential',
          responses: {
            200: { description: 'Replaced' },
            201: { description: 'Created' },
            default: imsxResponse,
          },
          security: secured(obScopes.credentialUpsert),
        },
      },
      '/profile': {
        get: {
          tags: ['OpenBadgeCredentials'],
          operationId: 'getProfile',
          responses: { 200: { description: 'Profile' }, default: imsxResponse },
          security: secured(obScopes.profileRead),
        },
        put: {
          tags: ['OpenBadgeCredentials'],
          operationId: 'putProfile',
          responses: { 200: { description: 'Profile' }, default: imsxResponse },
          security: secured(obScopes.profileUpdate),
        },
      },
      '/discovery': {
        get: {
          tags: ['Discovery'],
          operationId: 'getServiceDescription',
          responses: { 200: { description: 'This document' }, default: imsxResponse },
        },
      },
    },
    components: {
      securitySchemes: {
        OAuth2ACG: {
          type: 'oauth2',
          description: 'OAuth 2.0 Authorization Code Grant authorization',
          'x-imssf-name': issuerName,
          'x-imssf-privacyPolicyUrl': `${baseUrl}/privacy`,
          'x-imssf-registrationUrl': `${oauth}/register`,
          'x-imssf-termsOfServiceUrl': `${baseUrl}/terms`,
          flows: {
            authorizationCode: {
              authorizationUrl: `${oauth}/authorize`,
              tokenUrl: `${oauth}/token`,
              refreshUrl: `${oauth}/token`,
              scopes: Object.fromEntries(
                allObScopes.map((scope) => [scope, scopeDescriptions[scope] ?? scopeName(scope)]),
              ),
            },
          },
        },
      },
      schemas: {
        Imsx_StatusInfo: {
          type: 'object',
          required: ['imsx_codeMajor', 'imsx_severity'],
          properties: {
            imsx_codeMajor: { type: 'string' },
            imsx_severity: { type: 'string' },
            imsx_description: { type: 'string' },
            imsx_codeMinor: { type: 'object' },
          },
        },
      },
    },
  };
}
