// Fetching URLs that strangers chose (a badge's assertion, issuer, key or revocation list) without
// letting them reach inside our network (SSRF): https only; every address the name resolves to
// must be public unicast (no loopback, private, link-local, metadata, unique-local, CGNAT or
// IPv4-mapped addresses), checked again on every redirect (at most 3); the connection goes to the
// address that was checked, so a second DNS answer cannot swap it; size limits and a total deadline
// (DNS, connect, headers and body together, redirects included: a server that drips one byte a
// second cannot hold a verification); no cookies or credentials are ever sent.
import { lookup as dnsLookup } from 'node:dns/promises';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export class RemoteFetchError extends Error {
  constructor(
    readonly reason:
      'not-https' | 'refused-address' | 'unreachable' | 'timeout' | 'too-large' | 'http-status',
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
  /** Total time for one fetch, redirects included (tests shorten it). */
  deadlineMs?: number;
  maxBytes?: number;
}

/** The limits on every outside fetch, in one place. */
export const fetchLimits = {
  /** One fetch: DNS, connect, TLS, headers and the whole body, across its redirects. */
  deadlineMs: 5000,
  /** All the fetches of one verification together (assertion, badge, issuer, keys, status). */
  verificationDeadlineMs: 10_000,
  maxBytes: 1024 * 1024,
  maxRedirects: 3,
};

/** `signal` ends the fetch early (a verification's overall deadline). */
export type SafeFetch = (
  url: string,
  accept?: string,
  signal?: AbortSignal,
) => Promise<RemoteResponse>;

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  // ipaddr.js calls IPv4-compatible IPv6 (::/96, e.g. ::7f00:1 = ::127.0.0.1) plain unicast; it
  // embeds an IPv4 address like the mapped, NAT64 (64:ff9b::/96), 6to4 (2002::/16) and Teredo
  // forms, which all have ranges of their own and are refused outright rather than unwrapped.
  if (
    parsed.kind() === 'ipv6' &&
    (parsed as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0)
  )
    return false;
  return parsed.range() === 'unicast';
}

/**
 * The fetcher for one verification: every fetch it makes shares one deadline, so a document that
 * links to many slow servers cannot add their deadlines up.
 */
export function withVerificationDeadline(
  fetch: SafeFetch,
  deadlineMs = fetchLimits.verificationDeadlineMs,
): SafeFetch {
  const overall = AbortSignal.timeout(deadlineMs);
  return (url, accept, signal) =>
    fetch(url, accept, signal ? AbortSignal.any([overall, signal]) : overall);
}

/** Waits for `promise` unless `signal` aborts first (DNS lookups take no signal of their own). */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

export function createSafeFetch(options: SafeFetchOptions = {}): SafeFetch {
  const isAllowed = options.isAllowedAddress ?? isPublicAddress;
  const deadlineMs = options.deadlineMs ?? fetchLimits.deadlineMs;
  const maxBytes = options.maxBytes ?? fetchLimits.maxBytes;
  const maxRedirects = fetchLimits.maxRedirects;

  async function resolveChecked(
    hostname: string,
    signal: AbortSignal,
  ): Promise<{ address: string; family: number }> {
    const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
    const answers = ipaddr.isValid(host)
      ? [{ address: host, family: ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4 }]
      : await unlessAborted(dnsLookup(host, { all: true }), signal).catch((error: unknown) => {
          if (signal.aborted) throw error;
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

  function requestOnce(
    url: URL,
    accept: string,
    pinned: { address: string; family: number },
    signal: AbortSignal,
  ) {
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
            signal,
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
        request.on('error', (error) =>
          reject(
            error instanceof RemoteFetchError
              ? error
              : signal.aborted
                ? timedOut(url)
                : new RemoteFetchError('unreachable', `${url.host} could not be reached`),
          ),
        );
      },
    );
  }

  const timedOut = (url: URL) =>
    new RemoteFetchError('timeout', `${url.host} did not answer in time`);

  return async (rawUrl, accept = 'application/ld+json, application/json;q=0.9', outer) => {
    const deadline = AbortSignal.timeout(deadlineMs);
    const signal = outer ? AbortSignal.any([deadline, outer]) : deadline;
    let url = new URL(rawUrl);
    for (let redirects = 0; ; redirects++) {
      if (signal.aborted) throw timedOut(url);
      if (url.protocol !== 'https:')
        throw new RemoteFetchError('not-https', `${url.href} is not an https address`);
      if (url.username || url.password)
        throw new RemoteFetchError('not-https', 'addresses with credentials are refused');
      const pinned = await resolveChecked(url.hostname, signal).catch((error: unknown) => {
        throw signal.aborted ? timedOut(url) : error;
      });
      const response = await requestOnce(url, accept, pinned, signal);
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
