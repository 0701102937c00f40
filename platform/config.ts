// The only module that reads process.env. Every setting is documented, validated at start,
// and a bad one stops start-up with one line naming it.
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { languages, type Language } from '../i18n/languages';

const booleanFlag = z.enum(['true', 'false']).transform((value) => value === 'true');
const limitSetting = z.coerce.number().int().min(1).max(1_000_000).optional();

const schema = z
  .object({
    /** development | test | production. Unset means production (fail closed: required secrets,
     * no /dev/outbox, no stack traces); `npm run dev` and the test scripts set theirs. */
    NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
    /** HTTP port of the web process. */
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** Public base URL of the campus, used in emails and (later) credential ids. */
    BASE_URL: z.url().default('http://localhost:3000'),
    /** MongoDB connection string; the dev and test scripts start FerretDB when it is unset. */
    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://'),
    /** Database name; overrides the one in MONGODB_URI (tests use one per file). */
    MONGODB_DB: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,60}$/)
      .default('campus'),
    /** Redis for sessions, rate limits and bull queues. */
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .default('redis://127.0.0.1:6379'),
    /** Prefix for every Redis key, so several campuses (or test files) share one Redis. */
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_:-]{1,60}$/)
      .default('campus'),
    /** Secret that signs session cookies (32+ characters). Required in production. */
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Encrypts the credential signing keys at rest (32+ characters). Required in production. */
    CREDENTIAL_KEY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Whether visitors may create their own student account. */
    SELF_REGISTRATION: booleanFlag.default(true),
    /** Whether instructors and admins must turn on two-factor authentication before they work. */
    STAFF_TWO_FACTOR: booleanFlag.default(true),
    /** outbox: mail is written to MAIL_OUTBOX_DIR and listed at /dev/outbox; smtp: sent via SMTP_URL. */
    MAIL_TRANSPORT: z.enum(['outbox', 'smtp']).default('outbox'),
    /** SMTP server, e.g. smtps://user:pass@mail.example.org:465 (required when MAIL_TRANSPORT=smtp). */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
      .optional(),
    /** Folder of the dev mail outbox. */
    MAIL_OUTBOX_DIR: z.string().default('.data/outbox'),
    /** Sender of every campus email. */
    MAIL_FROM: z.string().default('Campus <campus@localhost>'),
    /** argon2id's cost: standard (OWASP: 64 MiB, 3 passes, 4 lanes, about 240 ms a hash here),
     * or light (4 MiB, 2 passes, 1 lane, about 10 ms), for the test suite only, which creates and
     * logs in thousands of accounts. Refused outside NODE_ENV=test. */
    PASSWORD_HASH_COST: z.enum(['standard', 'light']).default('standard'),
    /** Login attempts allowed per IP and email in 15 minutes. */
    LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(1000).default(10),
    /** Abuse limits (NODE_ENV=test raises the unset ones: the suites log in thousands of times
     * from one address). Login attempts per client IP in 15 minutes, and campus-wide per minute
     * (each costs an argon2 check: the global one caps that CPU). */
    LOGIN_IP_RATE_LIMIT: limitSetting,
    LOGIN_GLOBAL_RATE_LIMIT: limitSetting,
    /** Registrations per client IP, and campus-wide, per hour. */
    REGISTER_IP_RATE_LIMIT: limitSetting,
    REGISTER_GLOBAL_RATE_LIMIT: limitSetting,
    /** Password reset requests per client IP, and campus-wide, per hour. */
    PASSWORD_RESET_IP_RATE_LIMIT: limitSetting,
    PASSWORD_RESET_GLOBAL_RATE_LIMIT: limitSetting,
    /** Account emails (welcome, reset, confirmation, invitation) per recipient address, and
     * campus-wide, per hour; counted where emails are made, so no path escapes them. */
    MAIL_RECIPIENT_HOURLY_LIMIT: limitSetting,
    MAIL_GLOBAL_HOURLY_LIMIT: limitSetting,
    /** Sessions: minutes without a request, and hours since login, after which staff (instructors,
     * admins) and students must log in again. */
    STAFF_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(10080).default(120),
    STAFF_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(720).default(12),
    STUDENT_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(43200).default(10080),
    STUDENT_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(720).default(336),
    /** Badge verifications per client IP in 15 minutes, and how many of them may check an email. */
    VERIFY_RATE_LIMIT: z.coerce.number().int().min(1).max(100000).default(60),
    VERIFY_RECIPIENT_RATE_LIMIT: z.coerce.number().int().min(1).max(1000).default(10),
    /** Number of reverse proxies in front of the app (for the client IP in rate limits). */
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    /** pino log level. */
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /** Seconds a running job may go without its worker's heartbeat before another worker takes
     * it over (how long a killed worker's job waits). */
    JOB_STALL_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
    /** Seconds the worker waits, on SIGTERM, for its running jobs before leaving them to the
     * queue (keep it under the orchestrator's kill timeout, 30 s by default). */
    SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(600).default(25),
    /** Language for visitors who have not chosen one. */
    DEFAULT_LANGUAGE: z.enum(languages).default('en'),
    /** Largest file an instructor may upload to a file module, in megabytes. */
    MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(500).default(25),
    /** Zoom Server-to-Server OAuth app (attendance sync); all four or none. */
    ZOOM_ACCOUNT_ID: z.string().min(1).optional(),
    ZOOM_CLIENT_ID: z.string().min(1).optional(),
    ZOOM_CLIENT_SECRET: z.string().min(1).optional(),
    /** The app's webhook secret token: signs Zoom's event notifications. */
    ZOOM_WEBHOOK_SECRET: z.string().min(1).optional(),
    /** Zoom's REST and OAuth addresses (tests point them at a local fake). */
    ZOOM_API_URL: z.url().default('https://api.zoom.us/v2'),
    ZOOM_OAUTH_URL: z.url().default('https://zoom.us/oauth/token'),
    /** The events system's API (pretix-style check-ins), e.g. https://tickets.example.org/api/v1. */
    EVENTS_API_URL: z.url().optional(),
    /** Its API token (pretix: a team token with check-in read access). */
    EVENTS_API_TOKEN: z.string().min(1).optional(),
  })
  .superRefine((env, ctx) => {
    const secrets = ['SESSION_SECRET', 'CREDENTIAL_KEY_SECRET'] as const;
    const missingSecrets = secrets.filter((secret) => !env[secret]);
    if (env.NODE_ENV === 'production' && missingSecrets.length > 0) {
      // One line naming every missing secret, so a deployment is fixed in one go.
      const [first, ...others] = missingSecrets;
      const alsoMissing = others.length ? `, and so is ${others.join(', ')}` : '';
      ctx.addIssue({
        code: 'custom',
        path: [first!],
        message: `is required in production${alsoMissing}`,
      });
    }
    if (env.PASSWORD_HASH_COST === 'light' && env.NODE_ENV !== 'test')
      ctx.addIssue({
        code: 'custom',
        path: ['PASSWORD_HASH_COST'],
        message: 'may be light only when NODE_ENV=test',
      });
    const zoomKeys = ['ZOOM_ACCOUNT_ID', 'ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET'] as const;
    const zoomSet = zoomKeys.filter((key) => env[key]);
    if (zoomSet.length > 0 && zoomSet.length < zoomKeys.length) {
      const missing = zoomKeys.find((key) => !env[key])!;
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'is required with the other ZOOM_ settings',
      });
    }
    if (env.MAIL_TRANSPORT === 'smtp' && !env.SMTP_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['SMTP_URL'],
        message: 'is required when MAIL_TRANSPORT=smtp',
      });
    }
    if (env.NODE_ENV === 'production' && env.MAIL_TRANSPORT === 'outbox') {
      ctx.addIssue({
        code: 'custom',
        path: ['MAIL_TRANSPORT'],
        message: 'must be smtp in production',
      });
    }
  });

export interface Config {
  env: 'development' | 'test' | 'production';
  isProduction: boolean;
  port: number;
  baseUrl: string;
  mongodbUri: string;
  mongodbDb: string;
  redisUrl: string;
  redisPrefix: string;
  sessionSecret: string;
  credentialKeySecret: string;
  selfRegistration: boolean;
  staffTwoFactor: boolean;
  mail: { transport: 'outbox' | 'smtp'; smtpUrl?: string; outboxDir: string; from: string };
  /** argon2id cost of new password hashes (light: the test suite only). */
  passwordHashCost: 'standard' | 'light';
  loginRateLimit: number;
  /** Per-IP and campus-wide abuse limits (counts per window; the window is in the name). */
  abuseLimits: AbuseLimits;
  /** Idle and absolute session lifetimes, in milliseconds. */
  sessionLimits: { staff: SessionLimit; student: SessionLimit };
  /** Signs the CSRF double-submit tokens of visitors without a session. */
  csrfSecret: string;
  verifyRateLimit: number;
  verifyRecipientRateLimit: number;
  trustProxy: number;
  logLevel: string;
  defaultLanguage: Language;
  maxUploadBytes: number;
  jobStallSeconds: number;
  shutdownGraceSeconds: number;
  /** Null when the campus has no Zoom app: attendance comes from check-ins, CSV or instructors. */
  zoom: ZoomSettings | null;
  /** Null without an events system: in-person check-ins come by CSV then. */
  eventsApi: { url: string; token: string } | null;
}

export interface AbuseLimits {
  loginPerIp15Min: number;
  loginGlobalPerMinute: number;
  registerPerIpHour: number;
  registerGlobalHour: number;
  passwordResetPerIpHour: number;
  passwordResetGlobalHour: number;
  mailPerRecipientHour: number;
  mailGlobalHour: number;
}

export interface SessionLimit {
  idleMs: number;
  absoluteMs: number;
}

/** Production defaults, and the test runs' (which log in thousands of times from one address). */
const abuseDefaults: Record<keyof AbuseLimits, [production: number, test: number]> = {
  loginPerIp15Min: [100, 100_000],
  loginGlobalPerMinute: [600, 100_000],
  registerPerIpHour: [20, 100_000],
  registerGlobalHour: [500, 100_000],
  passwordResetPerIpHour: [20, 100_000],
  passwordResetGlobalHour: [500, 100_000],
  mailPerRecipientHour: [5, 100_000],
  mailGlobalHour: [1000, 100_000],
};

export interface ZoomSettings {
  accountId: string;
  clientId: string;
  clientSecret: string;
  webhookSecret: string | null;
  apiUrl: string;
  oauthUrl: string;
}

export class ConfigError extends Error {}

/** Reads and validates settings; throws ConfigError with one line naming the bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = String(issue.path[0] ?? 'environment');
    const value = env[key];
    const shown =
      value === undefined
        ? 'is missing'
        : /SECRET|SMTP_URL|URI/.test(key)
          ? '(value hidden)'
          : `got "${value}"`;
    const message =
      issue.code === 'invalid_type' && value === undefined ? 'is required' : issue.message;
    const why =
      env.NODE_ENV === undefined && /in production/.test(message)
        ? ' NODE_ENV is unset, so production rules apply (NODE_ENV=development on a developer machine).'
        : '';
    throw new ConfigError(
      `Invalid configuration: ${key} ${message} (${shown}).${why} See .env.example.`,
    );
  }
  const c = result.data;
  // Outside production a fixed, clearly-marked value keeps dev sessions across restarts.
  const sessionSecret = c.SESSION_SECRET ?? 'dev-only-session-secret-never-use-in-production';
  return {
    env: c.NODE_ENV,
    isProduction: c.NODE_ENV === 'production',
    port: c.PORT,
    baseUrl: c.BASE_URL.replace(/\/$/, ''),
    mongodbUri: c.MONGODB_URI,
    mongodbDb: c.MONGODB_DB,
    redisUrl: c.REDIS_URL,
    redisPrefix: c.REDIS_PREFIX,
    sessionSecret,
    credentialKeySecret:
      c.CREDENTIAL_KEY_SECRET ?? 'dev-only-credential-key-secret-never-use-in-production',
    selfRegistration: c.SELF_REGISTRATION,
    staffTwoFactor: c.STAFF_TWO_FACTOR,
    mail: {
      transport: c.MAIL_TRANSPORT,
      smtpUrl: c.SMTP_URL,
      outboxDir: path.resolve(c.MAIL_OUTBOX_DIR),
      from: c.MAIL_FROM,
    },
    passwordHashCost: c.PASSWORD_HASH_COST,
    loginRateLimit: c.LOGIN_RATE_LIMIT,
    abuseLimits: abuseLimitsOf(c.NODE_ENV, {
      loginPerIp15Min: c.LOGIN_IP_RATE_LIMIT,
      loginGlobalPerMinute: c.LOGIN_GLOBAL_RATE_LIMIT,
      registerPerIpHour: c.REGISTER_IP_RATE_LIMIT,
      registerGlobalHour: c.REGISTER_GLOBAL_RATE_LIMIT,
      passwordResetPerIpHour: c.PASSWORD_RESET_IP_RATE_LIMIT,
      passwordResetGlobalHour: c.PASSWORD_RESET_GLOBAL_RATE_LIMIT,
      mailPerRecipientHour: c.MAIL_RECIPIENT_HOURLY_LIMIT,
      mailGlobalHour: c.MAIL_GLOBAL_HOURLY_LIMIT,
    }),
    sessionLimits: {
      staff: {
        idleMs: c.STAFF_SESSION_IDLE_MINUTES * 60_000,
        absoluteMs: c.STAFF_SESSION_MAX_HOURS * 3_600_000,
      },
      student: {
        idleMs: c.STUDENT_SESSION_IDLE_MINUTES * 60_000,
        absoluteMs: c.STUDENT_SESSION_MAX_HOURS * 3_600_000,
      },
    },
    csrfSecret: createHmac('sha256', sessionSecret).update('campus csrf tokens').digest('hex'),
    verifyRateLimit: c.VERIFY_RATE_LIMIT,
    verifyRecipientRateLimit: c.VERIFY_RECIPIENT_RATE_LIMIT,
    trustProxy: c.TRUST_PROXY,
    logLevel: c.LOG_LEVEL,
    defaultLanguage: c.DEFAULT_LANGUAGE,
    maxUploadBytes: c.MAX_UPLOAD_MB * 1024 * 1024,
    jobStallSeconds: c.JOB_STALL_SECONDS,
    shutdownGraceSeconds: c.SHUTDOWN_GRACE_SECONDS,
    zoom:
      c.ZOOM_ACCOUNT_ID && c.ZOOM_CLIENT_ID && c.ZOOM_CLIENT_SECRET
        ? {
            accountId: c.ZOOM_ACCOUNT_ID,
            clientId: c.ZOOM_CLIENT_ID,
            clientSecret: c.ZOOM_CLIENT_SECRET,
            webhookSecret: c.ZOOM_WEBHOOK_SECRET ?? null,
            apiUrl: c.ZOOM_API_URL.replace(/\/$/, ''),
            oauthUrl: c.ZOOM_OAUTH_URL,
          }
        : null,
    eventsApi:
      c.EVENTS_API_URL && c.EVENTS_API_TOKEN
        ? { url: c.EVENTS_API_URL.replace(/\/$/, ''), token: c.EVENTS_API_TOKEN }
        : null,
  };
}

function abuseLimitsOf(
  env: Config['env'],
  given: Record<keyof AbuseLimits, number | undefined>,
): AbuseLimits {
  const limits = {} as AbuseLimits;
  for (const key of Object.keys(abuseDefaults) as (keyof AbuseLimits)[])
    limits[key] = given[key] ?? abuseDefaults[key][env === 'test' ? 1 : 0];
  return limits;
}
