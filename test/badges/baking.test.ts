import extractChunks from 'png-chunks-extract';
import { decodeSync } from 'png-chunk-itxt';
import request from 'supertest';
import { bakePng, readBakedPng } from '../../badges/baking/bake-png';
import { bakeOb2Svg, bakeOb3Svg, readBakedSvg } from '../../badges/baking/bake-svg';
import { renderSvgToPng } from '../../badges/baking/render-png';
import { bakeableImages } from '../../badges/achievements/achievement-image';
import { levelWithBadge, studentCompleting } from '../support/badges';
import { apiLogin, apiUser, type Agent, binaryBody } from '../support/http';
import { testPassword } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>';

describe('baking (pure)', () => {
  test('SVG: an assertion containing the CDATA terminator still round-trips, for 2.0 and 3.0', () => {
    const assertion = { id: 'https://campus.example/badges/assertions/x', narrative: 'a ]]> b' };
    const ob2 = bakeOb2Svg(svg, assertion);
    expect(ob2).not.toContain('a ]]> b');
    const read2 = readBakedSvg(ob2);
    expect(read2).toMatchObject({ ok: true, version: '2.0', verify: assertion.id });
    expect(JSON.parse((read2 as { text: string }).text)).toEqual(assertion);

    const ob3 = bakeOb3Svg(svg, { id: 'urn:x', name: 'a ]]> b' });
    expect(ob3).toMatch(/^<svg xmlns:openbadges="https:\/\/purl.imsglobal.org\/ob\/v3p0"/);
    const read3 = readBakedSvg(ob3);
    expect(read3).toMatchObject({ ok: true, version: '3.0' });
    expect(JSON.parse((read3 as { text: string }).text)).toEqual({ id: 'urn:x', name: 'a ]]> b' });
    // Baking twice declares the openbadges prefix twice on the root: not XML, so never trusted.
    expect(readBakedSvg(bakeOb3Svg(ob2, { id: 'urn:y' }))).toEqual({
      ok: false,
      problem: 'unreadable',
    });
    // Two badges under two prefixes, as a forger would write them: neither is trusted.
    const twoBadges = ob2
      .replace('<svg ', '<svg xmlns:ob3="https://purl.imsglobal.org/ob/v3p0" ')
      .replace('</svg>', '<ob3:credential>{"id":"urn:y"}</ob3:credential></svg>');
    expect(readBakedSvg(twoBadges)).toEqual({ ok: false, problem: 'several-badges' });
  });

  test('PNG: one uncompressed iTXt chunk, whatever was baked before; an image still decodes', () => {
    const png = renderSvgToPng(svg, 32);
    expect(readBakedPng(png)).toEqual({ ok: false, problem: 'no-badge' });
    const once = bakePng(png, 'openbadges', '{"id":"a"}');
    const twice = bakePng(once, 'openbadgecredential', '{"id":"b"}');
    const badgeChunks = extractChunks(twice)
      .filter((chunk) => chunk.name === 'iTXt')
      .map((chunk) => decodeSync(chunk.data));
    expect(badgeChunks).toEqual([
      expect.objectContaining({
        keyword: 'openbadgecredential',
        compressionFlag: false,
        text: '{"id":"b"}',
      }),
    ]);
    expect(extractChunks(twice).at(-1)!.name).toBe('IEND');
    expect(readBakedPng(twice)).toEqual({
      ok: true,
      keyword: 'openbadgecredential',
      text: '{"id":"b"}',
    });
    expect(readBakedPng(Buffer.from('not a png'))).toEqual({ ok: false, problem: 'not-png' });
  });
});

test('an uploaded PNG bakes as itself and, for SVG baking, inside an SVG; an uploaded SVG is drawn as PNG', () => {
  const png = renderSvgToPng(svg, 128);
  const fromPng = bakeableImages({ contentType: 'image/png', data: png });
  expect(fromPng.png).toBe(png);
  expect(fromPng.svg).toContain(`data:image/png;base64,${png.toString('base64')}`);
  expect(readBakedSvg(bakeOb3Svg(fromPng.svg, { id: 'urn:z' }))).toMatchObject({ ok: true });
  const fromSvg = bakeableImages({
    contentType: 'image/svg+xml',
    data: Buffer.from(`<?xml version="1.0"?>\n${svg}`),
  });
  expect(fromSvg.svg.startsWith('<svg')).toBe(true);
  expect(fromSvg.png.subarray(1, 4).toString()).toBe('PNG');
});

describe('baked downloads', () => {
  let campus: TestCampus;
  let owner: { agent: Agent };
  let publicId: string;
  const binary = (agent: Agent, url: string) => agent.get(url).buffer(true).parse(binaryBody);

  beforeAll(async () => {
    campus = await startTestCampus();
    campus.startWorker();
    const admin = await apiUser(campus.app, ['admin']);
    const { course } = await levelWithBadge(admin, 'baked');
    const { student, award } = await studentCompleting(campus, course);
    publicId = award!.publicId;
    owner = await apiLogin(campus.app, { email: student.email, password: testPassword });
  });
  afterAll(() => campus.close());

  test('the owner downloads 2.0 and 3.0 baked PNG and SVG; each carries what the hosted URLs serve', async () => {
    const hosted = await request(campus.app)
      .get(`/badges/assertions/${publicId}`)
      .set('Accept', 'application/ld+json')
      .expect(200);

    const ob2Png = await binary(owner.agent, `/badges/${publicId}/baked/ob2.png`).expect(200);
    expect(ob2Png.headers['content-type']).toBe('image/png');
    expect(ob2Png.headers['content-disposition']).toMatch(/^attachment/);
    const read2 = readBakedPng(ob2Png.body);
    expect(read2).toMatchObject({ ok: true, keyword: 'openbadges' });
    expect(JSON.parse((read2 as { text: string }).text)).toEqual(hosted.body);

    const ob2Svg = (await binary(owner.agent, `/badges/${publicId}/baked/ob2.svg`).expect(200))
      .body as Buffer;
    expect(readBakedSvg(ob2Svg.toString())).toMatchObject({ verify: hosted.body.id });

    for (const format of ['ob3.png', 'ob3.svg']) {
      const body = (await binary(owner.agent, `/badges/${publicId}/baked/${format}`).expect(200))
        .body as Buffer;
      const reading = format.endsWith('png')
        ? readBakedPng(body)
        : readBakedSvg(body.toString('utf8'));
      const credential = JSON.parse((reading as { text: string }).text);
      expect(credential.id).toMatch(new RegExp(`/badges/credentials/${publicId}$`));
      expect(credential.proof[0].cryptosuite).toBe('eddsa-rdfc-2022');
    }
  });

  test('nobody else downloads them; an unknown format is a 404', async () => {
    const stranger = await apiUser(campus.app);
    await stranger.agent.get(`/badges/${publicId}/baked/ob3.png`).expect(403);
    await owner.agent.get(`/badges/${publicId}/baked/ob3.gif`).expect(404);
    await request(campus.app).get(`/badges/${publicId}/baked/ob3.png`).expect(302);
  });
});
