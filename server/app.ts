// Builds the Express app from the components' web parts (their manifests); no listen here (main.ts
// listens, tests use supertest).
import cookieParser from 'cookie-parser';
import ejs from 'ejs';
import express, { Router } from 'express';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import { configurePassport, enforceStaffTwoFactor } from '../accounts';
import { languageNegotiation } from '../i18n';
import type { AppContext } from '../platform/context';
import { errorHandler, notFoundHandler } from '../platform/error-handler';
import { healthRoutes } from '../platform/health';
import { requireStores } from '../platform/store-health';
import { csrfProtection } from '../platform/middleware/csrf';
import { apiDocsSecurityHeaders, securityHeaders } from '../platform/middleware/security';
import { sessionLimits, sessions } from '../platform/middleware/session';
import { viewLocals } from '../platform/middleware/view-locals';
import { redactSecrets } from '../platform/logger';
import { buildOpenApiDocument } from './openapi';
import { combineApiRoutes } from '../platform/api-routes';
import type { ComponentWeb } from '../platform/component';
import { components } from './components';
import { publicDir, viewsDir } from '../platform/paths';
import { escapeForHtml } from '../platform/safe-html';

export function createApp(context: AppContext): express.Express {
  const { config, logger, redis } = context;
  const web: ComponentWeb[] = components.flatMap((component) =>
    component.web ? [component.web(context)] : [],
  );
  const beforeSessionsApi = web.flatMap((parts) => parts.beforeSessions?.api ?? []);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);

  // Absolute includes resolved against `root`: ejs then skips a file-system lookup per include.
  app.engine('ejs', (file, data, callback) => {
    ejs.renderFile(
      file,
      data as ejs.Data,
      { root: viewsDir, cache: config.env !== 'development', escape: escapeForHtml },
      callback,
    );
  });
  app.set('view engine', 'ejs');
  app.set('views', viewsDir);

  app.use(securityHeaders({ https: config.baseUrl.startsWith('https://') }));
  app.use('/public', express.static(publicDir, { maxAge: config.isProduction ? '1d' : 0 }));
  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => ['/healthz', '/readyz', '/livez'].includes(req.url ?? '') },
      // A reset link in the logs would let anyone who reads them take over the account.
      serializers: { req: (req: { url: string }) => ({ ...req, url: redactSecrets(req.url) }) },
    }),
  );
  app.use(healthRoutes(context.storeHealth));
  // Everything below reads MongoDB: while it is down, 503 at once rather than a slow failure.
  app.use(requireStores(context.storeHealth, ['mongodb']));

  app.use(express.urlencoded({ extended: false, limit: '100kb' }));
  app.use(
    express.json({
      limit: '100kb',
      // Webhooks are signed over their exact bytes: keep them for the signature check.
      verify: (req, _res, body) => {
        if ((req as express.Request).originalUrl?.startsWith('/webhooks/'))
          (req as express.Request & { rawBody?: Buffer }).rawBody = Buffer.from(body);
      },
    }),
  );
  // Other systems' webhooks and pushes (authenticated by their signature or token) and public
  // documents: before sessions and CSRF.
  for (const parts of web) for (const routes of parts.beforeSessions?.routes ?? []) app.use(routes);
  for (const routes of beforeSessionsApi) app.use('/api/v1', routes.router);
  // Sessions, CSRF tokens and rate limits live in Redis. Webhooks above work without it (their
  // jobs wait in MongoDB until Redis is back).
  app.use(requireStores(context.storeHealth, ['redis']));
  app.use(sessions(config, redis));
  const passport = configurePassport();
  app.use(passport.initialize());
  app.use(passport.session());
  // Past its idle or absolute limit a session is logged out; a logged-in answer is never cached.
  app.use(sessionLimits(config));
  app.use(cookieParser());
  app.use(languageNegotiation(config.defaultLanguage));
  app.use(enforceStaffTwoFactor(context));
  app.use(csrfProtection(config));
  app.use(viewLocals(config));
  for (const parts of web) for (const locals of parts.pageLocals ?? []) app.use(locals);

  for (const parts of web) for (const pages of parts.pages ?? []) app.use(pages);

  const api = Router();
  const apiRoutes = combineApiRoutes(...web.flatMap((parts) => parts.api ?? []));
  const openApiDocument = buildOpenApiDocument(config.baseUrl, [
    ...beforeSessionsApi.flatMap((routes) => routes.operations),
    ...apiRoutes.operations,
  ]);
  api.get('/openapi.json', (_req, res) => res.json(openApiDocument));
  api.use(
    '/docs',
    apiDocsSecurityHeaders(),
    swaggerUi.serve,
    swaggerUi.setup(openApiDocument, { customSiteTitle: 'Campus API' }),
  );
  api.use(apiRoutes.router);
  app.use('/api/v1', api);

  app.use(notFoundHandler);
  app.use(errorHandler(config, logger));
  return app;
}
