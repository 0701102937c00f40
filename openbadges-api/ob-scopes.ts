// The Open Badges 3.0 API's scopes (spec §6.1) and where it lives under the campus.
export const obScopes = {
  credentialRead: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly',
  credentialUpsert: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert',
  profileRead: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly',
  profileUpdate: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.update',
} as const;
export type ObScope = (typeof obScopes)[keyof typeof obScopes];
export const allObScopes: readonly ObScope[] = Object.values(obScopes);

/** The scope's short name (credential.readonly, ...): its i18n key and its words in the docs. */
export const scopeName = (scope: ObScope) => scope.slice(scope.lastIndexOf('/') + 1);

/** Paths: the API (the OAuth resource), the OAuth server (oidc-provider) and its consent page. */
export const obPaths = {
  api: '/ims/ob/v3p0',
  oauth: '/ims/ob/v3p0/oauth',
  consent: '/oauth/consent',
};

/** The resource indicator the OAuth server issues access tokens for. */
export const obResource = (baseUrl: string) => `${baseUrl}${obPaths.api}`;
