import { integrationAdminApi, registrationPushApi } from '../registrations';
// Builds the Express app from its parts; no listen here (main.ts listens, tests use supertest).
import {
  attendanceAdminPages,
  attendanceApi,
  attendanceImport,
  reconciliationPages,
  zoomWebhookRoutes,
} from '../attendance';
import cookieParser from 'cookie-parser';
import ejs from 'ejs';
import express, { Router } from 'express';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import {
  accountAdminApi,
  accountAdminPages,
  accountApi,
  accountPages,
  configurePassport,
  enforceStaffTwoFactor,
  languagePages,
  twoFactorApi,
  twoFactorPages,
} from '../accounts';
import {
  authoringApi,
  authoringPages,
  catalogApi,
  catalogPages,
  enrollmentApi,
  enrollmentPages,
  learningApi,
  learningPages,
} from '../courses';
import { mailRoutes } from '../mail';
import { cohortApi, cohortPages, courseInsightPages, reportPages } from '../admin';
import {
  achievementsAdminApi,
  adminBadgePages,
  trustedIssuerPages,
  hostedBadgeRoutes,
  issuerAdminApi,
  verifyApi,
  verifyPages,
  verifyRateLimits,
  walletApi,
  walletPages,
  wellKnownRoutes,
} from '../badges';
import { languageNegotiation } from '../i18n';
import type { AppContext } from '../platform/context';
import { errorHandler, notFoundHandler } from '../platform/error-handler';
import { healthRoutes } from '../platform/health';
import { requireStores } from '../platform/store-health';
import { csrfProtection } from '../platform/middleware/csrf';
import { accountRateLimits } from '../platform/middleware/rate-limit';
import { apiDocsSecurityHeaders, securityHeaders } from '../platform/middleware/security';
import { sessionLimits, sessions } from '../platform/middleware/session';
import { viewLocals } from '../platform/middleware/view-locals';
import { redactSecrets } from '../platform/logger';
import { buildOpenApiDocument } from './openapi';
import { combineApiRoutes } from '../platform/api-routes';
import { publicDir, viewsDir } from '../platform/paths';
import { escapeForHtml } from '../platform/safe-html';

export function createApp(context: AppContext): express.Express {
  const { config, logger, redis } = context;
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
  app.use(wellKnownRoutes());

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
  // Other systems' webhooks and pushes: authenticated by their signature or token, so they come
  // before sessions and CSRF.
  app.use(zoomWebhookRoutes(context));
  const registrationPush = registrationPushApi(context);
  app.use('/api/v1', registrationPush.router);
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

  app.use(catalogPages());
  app.use(enrollmentPages(context));
  app.use(learningPages(context));
  app.use(authoringPages(context));
  app.use(cohortPages(context));
  app.use(hostedBadgeRoutes(config));
  app.use(walletPages(config));
  const verifyLimits = verifyRateLimits(context);
  app.use(verifyPages(context, verifyLimits));
  app.use(adminBadgePages(context));
  app.use(trustedIssuerPages(context));
  app.use(attendanceAdminPages(context));
  app.use(reportPages());
  app.use(courseInsightPages());
  app.use(reconciliationPages(context));
  const attendanceImports = attendanceImport(context);
  app.use(attendanceImports.pages);
  const rateLimits = accountRateLimits(config, redis);
  app.use(accountPages(context, rateLimits));
  app.use(languagePages(context));
  app.use(twoFactorPages(context, rateLimits));
  app.use(accountAdminPages());
  if (config.mail.transport === 'outbox' && !config.isProduction) app.use(mailRoutes(config));

  const api = Router();
  const apiRoutes = combineApiRoutes(
    catalogApi(),
    enrollmentApi(context),
    learningApi(context),
    authoringApi(context),
    cohortApi(context),
    issuerAdminApi(context),
    achievementsAdminApi(context),
    walletApi(config),
    verifyApi(context, verifyLimits),
    attendanceApi(context),
    attendanceImports.api,
    integrationAdminApi(context),
    accountApi(context, rateLimits),
    twoFactorApi(context, rateLimits),
    accountAdminApi(),
  );
  const openApiDocument = buildOpenApiDocument(config.baseUrl, [
    ...registrationPush.operations,
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
