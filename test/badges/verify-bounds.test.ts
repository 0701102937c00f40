// Everything the verifier reads from strangers is read with bounds: a baked SVG through a strict
// XML parser behind a size cap (never regexes), a baked PNG's badge chunk never inflated, another
// issuer's status list inflated only up to a cap. Each hostile input gets a clear answer; none is
// proven by timing, only by the bound that refuses it.
import { generateKeyPairSync } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import encodeChunks from 'png-chunks-encode';
import extractChunks from 'png-chunks-extract';
import selfsigned from 'selfsigned';
import request from 'supertest';
import { maxBakedSvgChars, readBakedSvg } from '../../badges/baking/bake-svg';
import { readBakedPng } from '../../badges/baking/bake-png';
import { renderSvgToPng } from '../../badges/baking/render-png';
import { addEddsaProof, ed25519PublicKeyMultibase } from '../../badges/open-badges/data-integrity';
import {
  createSafeFetch,
  isPublicAddress,
  RemoteFetchError,
  withVerificationDeadline,
} from '../../platform/safe-fetch';
import { startTestCampus, type TestCampus } from '../support/test-campus';

const routes = new Map<string, () => unknown>();
let server: https.Server;
let origin: string;
let campus: TestCampus;
let ca: string;
/** Bytes the slow-drip route has sent so far. */
let dripped = 0;

beforeAll(async () => {
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  ca = pems.cert;
  server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    if (req.url === '/drip') {
      // Headers at once, then one byte a second: an idle timeout never fires.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      dripped = 1;
      const drip = setInterval(() => {
        res.write(' ');
        dripped++;
      }, 1000);
      res.on('close', () => clearInterval(drip));
      return;
    }
    const route = routes.get(req.url ?? '');
    if (!route) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(route()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  campus = await startTestCampus(
    {},
    {
      remoteFetch: createSafeFetch({
        isAllowedAddress: (address) => address === '127.0.0.1',
        ca: pems.cert,
      }),
    },
  );
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await campus.close();
});

const hostileSvg = `<svg><openbadges:credential>${' '.repeat(3000)}x`;
const details = (body: { checks: Array<{ detail: string }> }) =>
  body.checks.map((check) => check.detail).join(' | ');

describe('a baked SVG is read by a strict XML parser with a size cap', () => {
  test('when the ReDoS body of issue 18 is posted, pasted in a link or uploaded, the answer is “unreadable”', async () => {
    const posted = await request(campus.app)
      .post('/api/v1/verify')
      .send({ credential: hostileSvg })
      .expect(200);
    expect(posted.body.verdict).toBe('unreadable');
    expect(details(posted.body)).toMatch(/This SVG cannot be read/);

    const linked = await request(campus.app)
      .get('/api/v1/verify')
      .query({ credential: hostileSvg })
      .expect(200);
    expect(linked.body.verdict).toBe('unreadable');
    expect(details(linked.body)).toMatch(/This SVG cannot be read/);

    const page = await request(campus.app)
      .get('/verify')
      .query({ credential: hostileSvg })
      .expect(200);
    expect(page.text).toMatch(/This SVG cannot be read/);

    const uploaded = await request(campus.app)
      .post('/api/v1/verify')
      .attach('file', Buffer.from(hostileSvg), 'badge.svg')
      .expect(200);
    expect(details(uploaded.body)).toMatch(/This SVG cannot be read/);
  });

  test('when an SVG is larger than the cap, it is refused before any parsing', async () => {
    const huge = `<svg xmlns="http://www.w3.org/2000/svg">${' '.repeat(maxBakedSvgChars)}</svg>`;
    expect(readBakedSvg(huge)).toEqual({ ok: false, problem: 'too-large' });
    const uploaded = await request(campus.app)
      .post('/api/v1/verify')
      .attach('file', Buffer.from(huge), 'badge.svg')
      .expect(200);
    expect(details(uploaded.body)).toMatch(/too large to be a baked badge/);
  });

  test('when an SVG declares a DOCTYPE or entities (billion laughs, external), it is unreadable, never expanded', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      '<svg xmlns:ob="https://purl.imsglobal.org/ob/v3p0"><ob:credential>&b;</ob:credential></svg>';
    const external =
      '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
      '<svg xmlns:ob="https://purl.imsglobal.org/ob/v3p0"><ob:credential>&x;</ob:credential></svg>';
    for (const svg of [laughs, external, '<svg><a></svg>', '<svg>&nbsp;</svg>'])
      expect(readBakedSvg(svg)).toEqual({ ok: false, problem: 'unreadable' });
  });

  test('when a baked SVG uses another prefix, its badge is found by namespace; a look-alike prefix is not a badge', () => {
    const ob3 =
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:b="https://purl.imsglobal.org/ob/v3p0">' +
      '<b:credential><![CDATA[{"id":"urn:x"}]]></b:credential></svg>';
    expect(readBakedSvg(ob3)).toEqual({ ok: true, version: '3.0', text: '{"id":"urn:x"}' });
    const ob2 =
      '<svg xmlns:x="http://openbadges.org"><x:assertion verify="https://a.example/1?x=1&amp;y=2"/></svg>';
    expect(readBakedSvg(ob2)).toEqual({
      ok: true,
      version: '2.0',
      verify: 'https://a.example/1?x=1&y=2',
      text: '',
    });
    const lookAlike =
      '<svg xmlns:openbadges="https://evil.example/ns"><openbadges:credential>{}</openbadges:credential></svg>';
    expect(readBakedSvg(lookAlike)).toEqual({ ok: false, problem: 'no-badge' });
  });
});

/** A PNG with one iTXt chunk spliced in before IEND, as a forger would write it. */
function pngWithItxt(keyword: string, compressed: boolean, payload: Buffer): Buffer {
  const chunks = extractChunks(
    renderSvgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>'),
  );
  const data = Buffer.concat([
    Buffer.from(keyword, 'latin1'),
    Buffer.from([0, compressed ? 1 : 0, 0, 0, 0]),
    payload,
  ]);
  chunks.splice(chunks.length - 1, 0, { name: 'iTXt', data });
  return Buffer.from(encodeChunks(chunks));
}

describe('a baked PNG is never inflated', () => {
  test('when the badge chunk is a zlib bomb (compressed iTXt), the upload is refused naming the compressed chunk', async () => {
    // 128 MiB of zeros deflate to ~128 KB: inflating it would take the process past 128 MB.
    const bomb = pngWithItxt(
      'openbadgecredential',
      true,
      deflateSync(Buffer.alloc(128 * 1024 * 1024)),
    );
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(readBakedPng(bomb)).toEqual({ ok: false, problem: 'compressed-badge' });
    const answer = await request(campus.app)
      .post('/api/v1/verify')
      .attach('file', bomb, 'badge.png')
      .expect(200);
    expect(answer.body.verdict).toBe('unreadable');
    expect(details(answer.body)).toMatch(/badge in a compressed chunk/);
  });

  test('when a chunk declares a length beyond the file, the PNG is damaged, nothing is allocated for it', () => {
    const png = pngWithItxt('openbadges', false, Buffer.from('{}'));
    const lying = Buffer.from(png);
    lying.writeUInt32BE(0xfffffff0, 8); // IHDR now claims almost 4 GB
    expect(readBakedPng(lying)).toEqual({ ok: false, problem: 'not-png' });
    expect(readBakedPng(png)).toEqual({ ok: true, keyword: 'openbadges', text: '{}' });
  });
});

describe('another issuer’s Bitstring status list is inflated only up to a cap', () => {
  test('when the status list is a gzip bomb, the verdict is not valid and says the list is too large', async () => {
    const vector = JSON.parse(
      readFileSync(path.join(__dirname, '../vectors/1edtech-ob3-eddsa-rdfc-2022.json'), 'utf8'),
    );
    // 64 MiB of zeros gzip to ~64 KB, within the fetcher's 1 MB, beyond the 16 MiB inflate cap.
    const bomb = `u${gzipSync(Buffer.alloc(64 * 1024 * 1024)).toString('base64url')}`;
    const key = generateKeyPairSync('ed25519');
    const did = `did:key:${await ed25519PublicKeyMultibase(key.publicKey.export({ format: 'jwk' }))}`;
    // Signed by the issuer, so the verifier gets as far as inflating it.
    const bombList = await addEddsaProof(
      {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        id: `${origin}/status/bomb`,
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: did,
        validFrom: '2026-01-01T00:00:00Z',
        credentialSubject: {
          id: `${origin}/status/bomb#list`,
          type: 'BitstringStatusList',
          statusPurpose: 'revocation',
          encodedList: bomb,
        },
      },
      {
        privateJwk: key.privateKey.export({ format: 'jwk' }),
        controller: did,
        created: new Date('2026-01-01T00:00:00Z'),
      },
    );
    routes.set('/status/bomb', () => bombList);
    const { proof: _proof, ...unsigned } = structuredClone(vector);
    const signed = await addEddsaProof(
      {
        ...unsigned,
        id: 'urn:uuid:7c5e3f8e-6a2b-4d1c-9f3a-0b1c2d3e4f50',
        issuer: { ...unsigned.issuer, id: did, name: 'Bomb Academy' },
        validFrom: '2026-01-01T00:00:00Z',
        credentialStatus: {
          id: `${origin}/status/bomb#2`,
          type: 'BitstringStatusListEntry',
          statusPurpose: 'revocation',
          statusListIndex: '2',
          statusListCredential: `${origin}/status/bomb`,
        },
      },
      {
        privateJwk: key.privateKey.export({ format: 'jwk' }),
        controller: did,
        created: new Date('2026-01-01T00:00:00Z'),
      },
    );
    const answer = await request(campus.app)
      .post('/api/v1/verify')
      .send({ credential: JSON.stringify(signed) })
      .expect(200);
    expect(answer.body.verdict).not.toBe('valid');
    expect(answer.body.checks).toContainEqual(
      expect.objectContaining({
        check: 'status',
        ok: false,
        detail: expect.stringMatching(/larger than 16 MB once decompressed/),
      }),
    );
  });
});

describe('every outside fetch has a total deadline, and embedded IPv4 addresses are refused', () => {
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error,
    );

  test('when a server drips one byte a second, the fetch gives up at its total deadline with a timeout', async () => {
    const fetch = createSafeFetch({
      isAllowedAddress: (address) => address === '127.0.0.1',
      ca,
      deadlineMs: 2500,
    });
    const failure = await failureOf(fetch(`${origin}/drip`));
    expect(failure).toBeInstanceOf(RemoteFetchError);
    expect((failure as RemoteFetchError).reason).toBe('timeout');
    // The server was answering (headers and bytes arrived): only a total deadline ends this.
    expect(dripped).toBeGreaterThanOrEqual(2);
  });

  test('when the fetches of one verification run past its overall deadline, the next one is a timeout too', async () => {
    const generous = createSafeFetch({
      isAllowedAddress: (address) => address === '127.0.0.1',
      ca,
      deadlineMs: 60_000,
    });
    const failure = await failureOf(withVerificationDeadline(generous, 2500)(`${origin}/drip`));
    expect((failure as RemoteFetchError).reason).toBe('timeout');
  });

  test('when an address embeds a loopback IPv4 (mapped, compatible, NAT64, 6to4), it is refused', async () => {
    const embedded = [
      '::ffff:127.0.0.1',
      '::127.0.0.1',
      '::7f00:1',
      '64:ff9b::7f00:1',
      '2002:7f00:1::',
    ];
    const others = [
      '::',
      '::1',
      'ff02::1',
      '2001::1',
      '2001:db8::1',
      '255.255.255.255',
      '0.0.0.0',
      '100.64.0.1',
    ];
    for (const address of [...embedded, ...others])
      expect([address, isPublicAddress(address)]).toEqual([address, false]);
    expect(isPublicAddress('2001:4860:4860::8888')).toBe(true);
    expect(isPublicAddress('8.8.8.8')).toBe(true);
    const production = createSafeFetch();
    for (const address of embedded) {
      const failure = await failureOf(production(`https://[${address}]/assertion`));
      expect((failure as RemoteFetchError).reason).toBe('refused-address');
    }
  });
});
