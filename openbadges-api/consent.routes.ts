// Where a wallet's authorization request lands (oidc-provider's interaction): the student signs in
// to the campus if they have not, sees which app asks for what, in their language, and allows or
// declines. Also their list of connected apps on the profile, where access is taken back.
import { Router, type Request, type Response } from 'express';
import type Provider from 'oidc-provider';
import type { AppContext } from '../platform/context';
import { requireUser } from '../platform/middleware/auth';
import { listConnectedApps, revokeConnectedApp } from './connected-apps.service';
import { allObScopes, obPaths, obResource, scopeName, type ObScope } from './ob-scopes';

const uidPattern = /^[A-Za-z0-9_-]{10,64}$/;

export function consentPages(context: AppContext, provider: () => Promise<Provider>): Router {
  const router = Router();
  const resource = obResource(context.config.baseUrl);

  /** The interaction of this request, or null when it expired or is not this browser's. */
  async function interactionOf(req: Request, res: Response) {
    if (!uidPattern.test(String(req.params.uid))) return null;
    try {
      const details = await (await provider()).interactionDetails(req, res);
      return details.uid === req.params.uid ? details : null;
    } catch {
      return null;
    }
  }
  const expired = (res: Response) => res.status(410).render('openbadges-api/consent-expired');

  router.get(`${obPaths.consent}/:uid`, async (req, res) => {
    const details = await interactionOf(req, res);
    if (!details) return expired(res);
    if (!req.user) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    const client = await (await provider()).Client.find(String(details.params.client_id));
    if (!client) return expired(res);
    const requested = String(details.params.scope ?? '')
      .split(' ')
      .filter((scope): scope is ObScope => allObScopes.includes(scope as ObScope));
    // The form's answer ends in a redirect to the app: browsers hold a form's whole redirect chain
    // to form-action, so this page lets it reach the app's own origin (and nothing else).
    const redirectOrigin = new URL(String(details.params.redirect_uri)).origin;
    const policy = String(res.getHeader('Content-Security-Policy') ?? '');
    if (policy)
      res.setHeader(
        'Content-Security-Policy',
        policy.replace(/form-action 'self'/, `form-action 'self' ${redirectOrigin}`),
      );
    res.render('openbadges-api/consent', {
      uid: details.uid,
      client: {
        name: client.clientName ?? client.clientId,
        host: client.clientUri ? new URL(String(client.clientUri)).host : null,
        redirectHost: new URL(String(details.params.redirect_uri)).host,
      },
      scopes: requested.map(scopeName),
    });
  });

  router.post(`${obPaths.consent}/:uid`, async (req, res) => {
    const details = await interactionOf(req, res);
    if (!details) return expired(res);
    if (!req.user) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    const oauth = await provider();
    if ((req.body as Record<string, unknown>)?.decision !== 'allow') {
      await oauth.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The student did not allow access.' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const requested = String(details.params.scope ?? '').split(' ');
    const grant = new oauth.Grant({
      accountId: req.user.id,
      clientId: String(details.params.client_id),
    });
    const apiScopes = requested.filter((scope) => allObScopes.includes(scope as ObScope));
    grant.addResourceScope(resource, apiScopes.join(' '));
    // The server counts the scopes it lists as its own too (see oauth-provider.ts).
    const serverScopes = requested.filter(
      (scope) => apiScopes.includes(scope) || scope === 'openid' || scope === 'offline_access',
    );
    if (serverScopes.length) grant.addOIDCScope(serverScopes.join(' '));
    const grantId = await grant.save();
    await oauth.interactionFinished(
      req,
      res,
      { login: { accountId: req.user.id }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  });

  router.get('/profile/connected-apps', requireUser, async (req, res) => {
    res.render('openbadges-api/connected-apps', { apps: await listConnectedApps(req.user!.id) });
  });
  router.post('/profile/connected-apps/:clientId/revoke', requireUser, async (req, res) => {
    await revokeConnectedApp(req.user!.id, String(req.params.clientId).slice(0, 100));
    req.session.flash = 'badges:connectedApps.revoked';
    res.redirect('/profile/connected-apps');
  });
  return router;
}
