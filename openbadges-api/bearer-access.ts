// The API's own access check: a bearer access token the OAuth server issued for this API, not
// expired, carrying the operation's scope, for an account that still exists and is enabled.
import type { NextFunction, Request, Response } from 'express';
import type Provider from 'oidc-provider';
import { findUserProfiles, type UserProfile } from '../accounts';
import { ObApiError, sendImsxError } from './imsx-status';
import { obResource, type ObScope } from './ob-scopes';

export interface ObAccess {
  student: UserProfile;
  clientId: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    obAccess?: ObAccess;
  }
}

export function requireObScope(provider: () => Promise<Provider>, baseUrl: string, scope: ObScope) {
  const resource = obResource(baseUrl);
  return async (req: Request, res: Response, next: NextFunction) => {
    const refuse = (status: number, error: string, description: string) => {
      res.set('WWW-Authenticate', `Bearer realm="${resource}", error="${error}", scope="${scope}"`);
      sendImsxError(
        res,
        new ObApiError(status, status === 403 ? 'forbidden' : 'unauthorizedrequest', description),
      );
    };
    const match = /^Bearer ([A-Za-z0-9._~+/-]{10,200}=*)$/.exec(req.get('authorization') ?? '');
    if (!match)
      return refuse(401, 'invalid_token', 'An OAuth 2.0 bearer access token is required.');
    try {
      const token = await (await provider()).AccessToken.find(match[1]!);
      if (!token || token.isExpired || token.aud !== resource)
        return refuse(401, 'invalid_token', 'The access token is not valid (expired or revoked).');
      if (
        !String(token.scope ?? '')
          .split(' ')
          .includes(scope)
      )
        return refuse(403, 'insufficient_scope', `This operation needs the scope ${scope}.`);
      const student = (await findUserProfiles([String(token.accountId)])).get(
        String(token.accountId),
      );
      if (!student || student.disabled)
        return refuse(401, 'invalid_token', 'The account of this token is not active.');
      req.obAccess = { student, clientId: String(token.clientId) };
      next();
    } catch (error) {
      next(error);
    }
  };
}
