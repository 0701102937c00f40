import { loadConfig } from '../../platform/config';

const minimal = { MONGODB_URI: 'mongodb://127.0.0.1:27017/', NODE_ENV: 'development' };
const productionReady = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017/',
  SESSION_SECRET: 's'.repeat(40),
  CREDENTIAL_KEY_SECRET: 'k'.repeat(40),
  MAIL_TRANSPORT: 'smtp',
  SMTP_URL: 'smtps://mail.example.org',
};

describe('configuration', () => {
  test('when NODE_ENV is not set, production rules apply: the secrets are required, named in one line', () => {
    const env = { MONGODB_URI: 'mongodb://127.0.0.1:27017/' };
    expect(() => loadConfig(env)).toThrow(
      'Invalid configuration: SESSION_SECRET is required in production, and so is CREDENTIAL_KEY_SECRET (is missing). NODE_ENV is unset, so production rules apply',
    );
    const config = loadConfig(productionReady);
    expect(config).toMatchObject({ env: 'production', isProduction: true });
    expect(config.sessionSecret).toBe('s'.repeat(40));
    expect(config.abuseLimits.registerPerIpHour).toBe(20);
    expect(() => loadConfig({ ...productionReady, MAIL_TRANSPORT: 'outbox' })).toThrow(
      'Invalid configuration: MAIL_TRANSPORT must be smtp in production',
    );
    // Passwords keep OWASP's argon2id cost: the test suite's light cost is refused here.
    expect(config.passwordHashCost).toBe('standard');
    expect(() => loadConfig({ ...productionReady, PASSWORD_HASH_COST: 'light' })).toThrow(
      'Invalid configuration: PASSWORD_HASH_COST may be light only when NODE_ENV=test',
    );
    expect(() => loadConfig({ ...minimal, PASSWORD_HASH_COST: 'light' })).toThrow(
      'PASSWORD_HASH_COST may be light only when NODE_ENV=test',
    );
  });

  test('with NODE_ENV=development and only MONGODB_URI, development defaults apply', () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      redisUrl: 'redis://127.0.0.1:6379',
      selfRegistration: true,
    });
  });

  test.each([
    [{}, 'Invalid configuration: MONGODB_URI is required (is missing). See .env.example.'],
    [{ ...minimal, PORT: 'eighty' }, 'Invalid configuration: PORT'],
    [
      { ...minimal, REDIS_URL: 'http://localhost' },
      'Invalid configuration: REDIS_URL must start with redis:// or rediss://',
    ],
    [{ ...minimal, SELF_REGISTRATION: 'yes' }, 'Invalid configuration: SELF_REGISTRATION'],
    [
      { ...minimal, NODE_ENV: 'production', MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://mail' },
      'Invalid configuration: SESSION_SECRET is required in production',
    ],
    [
      {
        ...minimal,
        NODE_ENV: 'production',
        SESSION_SECRET: 's'.repeat(40),
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: 'smtp://mail',
      },
      'Invalid configuration: CREDENTIAL_KEY_SECRET is required in production',
    ],
    [
      { ...minimal, SESSION_SECRET: 'too-short' },
      'Invalid configuration: SESSION_SECRET must be at least 32 characters ((value hidden))',
    ],
    [
      { ...minimal, MAIL_TRANSPORT: 'smtp' },
      'Invalid configuration: SMTP_URL is required when MAIL_TRANSPORT=smtp',
    ],
  ])('a bad setting stops start-up with one line naming it (%o)', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message.split('\n')).toHaveLength(1);
    }
  });

  test('production has no default secret: it must be given', () => {
    const config = loadConfig({
      ...minimal,
      NODE_ENV: 'production',
      SESSION_SECRET: 's'.repeat(40),
      CREDENTIAL_KEY_SECRET: 'k'.repeat(40),
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: 'smtps://mail.example.org',
    });
    expect(config.sessionSecret).toBe('s'.repeat(40));
    expect(config.credentialKeySecret).toBe('k'.repeat(40));
  });
});
