import { createPublicKey, sign, verify } from 'node:crypto';
import request from 'supertest';
import { AuditEntryModel } from '../../platform/audit/audit-entry.model';
import { ensureSigningKeys, getActiveKey, hashRecipientEmail } from '../../badges';
import { SigningKeyModel } from '../../badges/keys/signing-key.model';
import { apiUser } from '../support/http';

import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

const login = (roles?: Parameters<typeof apiUser>[1]) => apiUser(campus.app, roles);
const jwks = async () =>
  (await request(campus.app).get('/.well-known/jwks.json').expect(200)).body.keys as Record<
    string,
    string
  >[];
const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

describe('recipient identity', () => {
  test('the hashed email matches the Open Badges known answer', () => {
    expect(hashRecipientEmail('nobody@example.org', 'deadsea')).toBe(
      'sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942',
    );
    // The same person typed differently hashes the same.
    expect(hashRecipientEmail(' Nobody@Example.org', 'deadsea')).toBe(
      hashRecipientEmail('nobody@example.org', 'deadsea'),
    );
  });
});

describe('signing keys', () => {
  test('the first start makes one active key per algorithm, even when several processes start at once', async () => {
    await Promise.all(Array.from({ length: 5 }, () => ensureSigningKeys(campus.config)));
    const keys = await SigningKeyModel.find({ status: 'active' }).lean();
    expect(keys.map((key) => key.algorithm).sort()).toEqual(['Ed25519', 'RS256']);
    const published = await jwks();
    expect(published.map((key) => key.kty).sort()).toEqual(['OKP', 'RSA']);
    for (const key of published)
      for (const member of privateMembers) expect(key).not.toHaveProperty(member);
  });

  test('private keys are encrypted at rest: no key material in the database, and the wrong secret cannot open them', async () => {
    const stored = await SigningKeyModel.findOne({ algorithm: 'RS256', status: 'active' }).lean();
    expect(JSON.stringify(stored)).not.toMatch(/PRIVATE KEY|"d":/);
    // A key not yet used in this process (so not cached) cannot be opened with another secret.
    await SigningKeyModel.updateOne(
      { kid: stored!.kid },
      { $set: { slot: stored!.kid, status: 'retired' } },
    );
    await ensureSigningKeys(campus.config);
    const wrongSecret = { credentialKeySecret: 'another-secret-of-at-least-32-characters!!' };
    await expect(getActiveKey(wrongSecret, 'RS256')).rejects.toThrow(/authenticate/);
    await expect(getActiveKey(campus.config, 'RS256')).resolves.toMatchObject({
      algorithm: 'RS256',
    });
  });

  test('what the active RSA key signs verifies with the public key from the JWKS', async () => {
    const active = await getActiveKey(campus.config, 'RS256');
    const payload = Buffer.from('{"badge":"basic"}');
    const signature = sign('sha256', payload, active.privateKey);
    const published = (await jwks()).find((key) => key.kid === active.kid)!;
    const publicKey = createPublicKey({ key: published, format: 'jwk' });
    expect(verify('sha256', payload, publicKey, signature)).toBe(true);
    expect(verify('sha256', Buffer.from('{"badge":"advanced"}'), publicKey, signature)).toBe(false);
  });

  test('rotation: a new key signs from now on and the old one stays published; only admins may rotate', async () => {
    const student = await login(['student']);
    await student.agent
      .post('/api/v1/admin/keys/RS256/rotate')
      .set('x-csrf-token', student.csrf)
      .expect(403);

    const before = await getActiveKey(campus.config, 'RS256');
    const admin = await login(['admin']);
    const rotated = await admin.agent
      .post('/api/v1/admin/keys/RS256/rotate')
      .set('x-csrf-token', admin.csrf)
      .expect(200);
    expect(rotated.body.key).toMatchObject({ algorithm: 'RS256', status: 'active' });
    expect(rotated.body.key.kid).not.toBe(before.kid);
    expect((await getActiveKey(campus.config, 'RS256')).kid).toBe(rotated.body.key.kid);
    const kids = (await jwks()).map((key) => key.kid);
    expect(kids).toEqual(expect.arrayContaining([before.kid, rotated.body.key.kid]));
    expect(await AuditEntryModel.countDocuments({ action: 'key.rotated', actor: admin.id })).toBe(
      1,
    );
  });

  test('a compromised key is unpublished at once, flagged, and replaced if it was active', async () => {
    const admin = await login(['admin']);
    const active = await getActiveKey(campus.config, 'Ed25519');
    const marked = await admin.agent
      .post(`/api/v1/admin/keys/${active.kid}/compromised`)
      .set('x-csrf-token', admin.csrf)
      .expect(200);
    expect(marked.body.key).toMatchObject({ kid: active.kid, status: 'compromised' });
    expect((await jwks()).map((key) => key.kid)).not.toContain(active.kid);
    expect(await SigningKeyModel.findOne({ kid: active.kid }).lean()).toMatchObject({
      status: 'compromised',
    });
    const replacement = await getActiveKey(campus.config, 'Ed25519');
    expect(replacement.kid).not.toBe(active.kid);
    await admin.agent
      .post('/api/v1/admin/keys/no-such-key/compromised')
      .set('x-csrf-token', admin.csrf)
      .expect(404);
  });
});

describe('issuer profile', () => {
  test('admins edit the issuer profile; a bad address is refused and nothing changes', async () => {
    const admin = await login(['admin']);
    const initial = await admin.agent.get('/api/v1/admin/issuer').expect(200);
    expect(initial.body.issuer).toMatchObject({ name: 'Campus', url: campus.config.baseUrl });
    const bad = await admin.agent
      .put('/api/v1/admin/issuer')
      .set('x-csrf-token', admin.csrf)
      .send({ name: 'LACNIC Campus', url: 'javascript:alert(1)', email: 'campus@lacnic.net' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['url']);
    const issuer = {
      name: 'LACNIC Campus',
      url: 'https://campus.lacnic.net',
      email: 'campus@lacnic.net',
      description: 'Training.',
      image: '',
      signatoryName: 'Ana Pérez',
      signatoryTitle: 'Head of Training',
    };
    await admin.agent
      .put('/api/v1/admin/issuer')
      .set('x-csrf-token', admin.csrf)
      .send(issuer)
      .expect(200);
    expect((await admin.agent.get('/api/v1/admin/issuer').expect(200)).body.issuer).toEqual(issuer);
  });
});
