// Fetching URLs that strangers chose (a badge's assertion, issuer, key or revocation list) without
// letting them reach inside our network (SSRF): https only; every address the name resolves to
// must be public unicast (no loopback, private, link-local, metadata, unique-local, CGNAT or
// IPv4-mapped addresses), checked again on every redirect (at most 3); the connection goes to the
// address that was checked, so a second DNS answer cannot swap it; time and size limits; no
// cookies or credentials are ever sent.
import { lookup as dnsLookup } from 'node:dns/promises';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export class RemoteFetchError extends Error {
  constructor(
    readonly reason: 'not-https' | 'refused-address' | 'unreachable' | 'too-large' | 'http-status',
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface RemoteResponse {
  url: string;
  status: number;
  contentType: string;
  body: Buffer;
}

export interface SafeFetchOptions {
  /** Which resolved addresses may be contacted: public unicast only, unless a test says otherwise. */
  isAllowedAddress?: (address: string) => boolean;
  /** Extra trusted CA certificates (tests use a self-signed server). */
  ca?: string;
  timeoutMs?: number;
  maxBytes?: number;
}

export type SafeFetch = (url: string, accept?: string) => Promise<RemoteResponse>;

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is refused outright rather than unwrapped.
  return parsed.range() === 'unicast';
}

const maxRedirects = 3;

export function createSafeFetch(options: SafeFetchOptions = {}): SafeFetch {
  const isAllowed = options.isAllowedAddress ?? isPublicAddress;
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxBytes = options.maxBytes ?? 1024 * 1024;

  async function resolveChecked(hostname: string): Promise<{ address: string; family: number }> {
    const host = hostname.replace(/^\[|\]$/g, '');
    const answers = ipaddr.isValid(host)
      ? [{ address: host, family: ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4 }]
      : await dnsLookup(host, { all: true }).catch(() => {
          throw new RemoteFetchError('unreachable', `${host} does not resolve`);
        });
    // Every answer must be acceptable: one public address next to a private one is still refused.
    const refused = answers.find((answer) => !isAllowed(answer.address));
    if (refused || answers.length === 0)
      throw new RemoteFetchError(
        'refused-address',
        `${host} resolves to ${refused?.address ?? 'nothing'}, an address this campus never contacts`,
      );
    return answers[0]!;
  }

  function requestOnce(url: URL, accept: string, pinned: { address: string; family: number }) {
    const lookup: LookupFunction = (_hostname, _options, callback) =>
      (callback as (error: null, address: string, family: number) => void)(
        null,
        pinned.address,
        pinned.family,
      );
    return new Promise<{ status: number; location?: string; contentType: string; body: Buffer }>(
      (resolve, reject) => {
        const request = https.get(
          url,
          {
            lookup,
            headers: { accept, 'user-agent': 'Campus badge verifier' },
            timeout: timeoutMs,
            ...(options.ca ? { ca: options.ca } : {}),
          },
          (response) => {
            const chunks: Buffer[] = [];
            let size = 0;
            response.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size > maxBytes) {
                request.destroy(
                  new RemoteFetchError('too-large', `${url.host} sent more than ${maxBytes} bytes`),
                );
                return;
              }
              chunks.push(chunk);
            });
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                location: response.headers.location,
                contentType: response.headers['content-type'] ?? '',
                body: Buffer.concat(chunks),
              }),
            );
            response.on('error', reject);
          },
        );
        request.setTimeout(timeoutMs, () =>
          request.destroy(
            new RemoteFetchError('unreachable', `${url.host} did not answer in time`),
          ),
        );
        request.on('error', (error) =>
          reject(
            error instanceof RemoteFetchError
              ? error
              : new RemoteFetchError('unreachable', `${url.host} could not be reached`),
          ),
        );
      },
    );
  }

  return async (rawUrl, accept = 'application/ld+json, application/json;q=0.9') => {
    let url = new URL(rawUrl);
    for (let redirects = 0; ; redirects++) {
      if (url.protocol !== 'https:')
        throw new RemoteFetchError('not-https', `${url.href} is not an https address`);
      if (url.username || url.password)
        throw new RemoteFetchError('not-https', 'addresses with credentials are refused');
      const pinned = await resolveChecked(url.hostname);
      const response = await requestOnce(url, accept, pinned);
      if ([301, 302, 303, 307, 308].includes(response.status) && response.location) {
        if (redirects >= maxRedirects)
          throw new RemoteFetchError('unreachable', `more than ${maxRedirects} redirects`);
        url = new URL(response.location, url);
        continue;
      }
      return {
        url: url.href,
        status: response.status,
        contentType: response.contentType,
        body: response.body,
      };
    }
  };
}
