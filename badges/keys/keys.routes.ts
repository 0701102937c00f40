// The public JWKS, and the admin operations on the issuer profile and signing keys.
import { Router } from 'express';
import { ApiRoutes } from '../../platform/api-routes';
import type { AppContext } from '../../platform/context';
import { notFound, validationFailed } from '../../platform/errors';
import { parseInput } from '../../platform/validation';
import {
  getIssuerProfile,
  issuerInput,
  setIssuerSignature,
  updateIssuerProfile,
} from '../issuer/issuer.service';
import { singleFileUpload } from '../../platform/middleware/upload';
import { listKeys, markKeyCompromised, publishedJwks, rotateKey } from './key-store';
import { keyAlgorithms, type KeyAlgorithm } from './signing-key.model';

export function wellKnownRoutes(): Router {
  const router = Router();
  router.get('/.well-known/jwks.json', async (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300');
    res.json(await publishedJwks());
  });
  return router;
}

/** URL parameters of the key operations (API and admin page): malformed means not found. */
export const algorithmOrNotFound = (value: unknown): KeyAlgorithm => {
  if (!keyAlgorithms.includes(value as KeyAlgorithm)) throw notFound('keyAlgorithm');
  return value as KeyAlgorithm;
};
export const kidOrNotFound = (value: unknown): string => {
  if (typeof value !== 'string' || !/^[a-z0-9-]{1,80}$/.test(value)) throw notFound('key');
  return value;
};

export function issuerAdminApi(context: AppContext): ApiRoutes {
  const api = new ApiRoutes();
  const tag = 'admin';
  const access = ['admin'] as const;
  const { config } = context;

  api.get(
    '/admin/issuer',
    {
      tag,
      access,
      summary: 'The issuer profile named by every badge',
      responses: { 200: '{ issuer }' },
    },
    async (_req, res) => {
      res.json({ issuer: await getIssuerProfile(config.baseUrl) });
    },
  );
  api.put(
    '/admin/issuer',
    {
      tag,
      access,
      summary: 'Change the issuer profile (audited)',
      body: issuerInput,
      responses: { 200: '{ issuer }', 422: 'Invalid field' },
    },
    async (req, res) => {
      const input = parseInput(issuerInput, req.body);
      res.json({ issuer: await updateIssuerProfile(req.user!.id, input) });
    },
  );
  api.put(
    '/admin/issuer/signature',
    {
      tag,
      access,
      summary:
        'The signature printed on new certificates (multipart, field "signature": PNG, 100–2000 px wide, at most 200 KB)',
      upload: { field: 'signature', description: 'PNG of the handwritten signature' },
      responses: { 204: 'Saved', 413: 'Too large', 422: 'Not an acceptable PNG' },
    },
    singleFileUpload('signature', 200 * 1024),
    async (req, res) => {
      if (!req.file) throw validationFailed({ signature: 'badges:errors.sendSignature' });
      await setIssuerSignature(req.user!.id, req.file.buffer);
      res.status(204).end();
    },
  );
  api.delete(
    '/admin/issuer/signature',
    { tag, access, summary: 'Print no signature image', responses: { 204: 'Removed' } },
    async (req, res) => {
      await setIssuerSignature(req.user!.id, null);
      res.status(204).end();
    },
  );
  api.get(
    '/admin/keys',
    {
      tag,
      access,
      summary: 'Signing keys and their status (never a private part)',
      responses: { 200: '{ keys }' },
    },
    async (_req, res) => {
      res.json({ keys: await listKeys() });
    },
  );
  api.post(
    '/admin/keys/:algorithm/rotate',
    {
      tag,
      access,
      summary: 'A new key signs from now on; the old one stays published (audited)',
      responses: { 200: '{ key }', 404: 'Unknown algorithm (RS256 or Ed25519)' },
    },
    async (req, res) => {
      const algorithm = algorithmOrNotFound(req.params.algorithm);
      res.json({ key: await rotateKey(config, req.user!.id, algorithm) });
    },
  );
  api.post(
    '/admin/keys/:kid/compromised',
    {
      tag,
      access,
      summary: 'Unpublish a compromised key; what it signed is flagged (audited)',
      responses: { 200: '{ key }', 404: 'Unknown key' },
    },
    async (req, res) => {
      const kid = kidOrNotFound(req.params.kid);
      res.json({ key: await markKeyCompromised(config, req.user!.id, kid) });
    },
  );
  return api;
}
