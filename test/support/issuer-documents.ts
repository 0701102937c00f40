// Other issuers' documents (profiles, keys, JWKS, status lists) served over real HTTPS on
// 127.0.0.1 with a self-signed certificate, for the verifier's tests: each path answers the JSON,
// status or redirect the test put in `routes`.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';

/** `hang`: never answers (until the client gives up), like a server that stopped responding. */
export type DocumentRoute = { status?: number; body?: unknown; location?: string; hang?: boolean };

export async function serveIssuerDocuments(routes: Map<string, DocumentRoute>) {
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const route = routes.get(req.url ?? '');
    if (!route) return res.writeHead(404).end();
    if (route.hang) return;
    if (route.location) return res.writeHead(302, { location: route.location }).end();
    res.writeHead(route.status ?? 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(route.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** The certificate the verifier's fetcher must trust for this server. */
    ca: pems.cert,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
