import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  addEddsaProof,
  ed25519PublicKeyMultibase,
  resolveDidKey,
  verifyEddsaProof,
  type Multikey,
} from '../../badges/open-badges/data-integrity';

// 1EdTech's "Linked Data Proof Test Vector for Open Badges 3.0" (see its SOURCE.md).
const vectorFile = path.join(__dirname, '../vectors/1edtech-ob3-eddsa-rdfc-2022.json');
const vector = JSON.parse(readFileSync(vectorFile, 'utf8'));
const vectorKey: Multikey = {
  id: vector.proof.verificationMethod,
  type: 'Multikey',
  controller: 'https://example.edu/issuers/565049',
  publicKeyMultibase: 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi',
};
const resolveVectorKey = async (id: string) => (id === vectorKey.id ? vectorKey : null);

describe('eddsa-rdfc-2022 Data Integrity proofs', () => {
  test('1EdTech’s signed test credential verifies with its published key', async () => {
    expect(await verifyEddsaProof(vector, resolveVectorKey)).toEqual({
      ok: true,
      verificationMethod: vectorKey.id,
    });
  });

  test('one character changed anywhere in the signed content fails', async () => {
    const changes: Array<(c: typeof vector) => void> = [
      (c) => (c.name = 'Teamwork Badgf'),
      (c) => (c.credentialSubject.id = 'did:example:ebfeb1f712ebc6f1c276e12ec22'),
      (c) => (c.validFrom = '2010-01-01T00:00:01Z'),
      (c) => (c.issuer.name = 'Example Corq'),
      (c) => (c.proof.created = '2010-01-01T19:23:25Z'),
      (c) => (c.proof.proofValue = c.proof.proofValue.replace(/.$/, 'a')),
    ];
    for (const change of changes) {
      const tampered = structuredClone(vector);
      change(tampered);
      expect(await verifyEddsaProof(tampered, resolveVectorKey)).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
  });

  test('a key that is not the issuer’s, an unknown key or another cryptosuite is refused', async () => {
    const otherIssuer = structuredClone(vector);
    otherIssuer.issuer.id = 'https://attacker.example/issuer';
    expect(await verifyEddsaProof(otherIssuer, resolveVectorKey)).toMatchObject({
      reason: 'wrong-issuer',
    });
    expect(await verifyEddsaProof(vector, async () => null)).toMatchObject({
      reason: 'unknown-key',
    });
    const otherSuite = structuredClone(vector);
    otherSuite.proof.cryptosuite = 'ecdsa-rdfc-2019';
    expect(await verifyEddsaProof(otherSuite, resolveVectorKey)).toMatchObject({
      reason: 'unsupported',
    });
    const { proof: _removed, ...unsigned } = vector;
    expect(await verifyEddsaProof(unsigned, resolveVectorKey)).toMatchObject({
      reason: 'no-proof',
    });
  });

  test('a context that is not bundled is never fetched: the proof fails instead', async () => {
    const remoteContext = structuredClone(vector);
    remoteContext['@context'].push('https://attacker.example/context.json');
    expect(await verifyEddsaProof(remoteContext, resolveVectorKey)).toMatchObject({
      reason: 'invalid',
    });
  });

  test('what we sign with our own Ed25519 key verifies, with the proof as a set', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const controller = 'https://campus.example/badges/issuer';
    const unsigned = { ...structuredClone(vector), issuer: { ...vector.issuer, id: controller } };
    delete unsigned.proof;
    const signed = await addEddsaProof(unsigned, {
      privateJwk: privateKey.export({ format: 'jwk' }),
      controller,
      created: new Date('2026-11-24T10:00:00.123Z'),
    });
    const multibase = await ed25519PublicKeyMultibase(publicKey.export({ format: 'jwk' }));
    expect(signed.proof).toEqual([
      expect.objectContaining({
        type: 'DataIntegrityProof',
        cryptosuite: 'eddsa-rdfc-2022',
        proofPurpose: 'assertionMethod',
        verificationMethod: `${controller}#${multibase}`,
        created: '2026-11-24T10:00:00Z',
      }),
    ]);
    const ourKey: Multikey = {
      id: `${controller}#${multibase}`,
      type: 'Multikey',
      controller,
      publicKeyMultibase: multibase,
    };
    expect(await verifyEddsaProof(signed, async () => ourKey)).toMatchObject({ ok: true });
  });

  test('did:key verification methods resolve offline from the identifier itself', () => {
    const did = 'did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi';
    expect(resolveDidKey(`${did}#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi`)).toMatchObject({
      controller: did,
    });
    expect(resolveDidKey(`${did}#z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH`)).toBeNull();
    expect(resolveDidKey('https://example.edu/issuers/565049#key')).toBeNull();
  });
});
