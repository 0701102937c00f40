// Admins act on awards through the API: revoke (one or many, with one reason), suspend and lift.
// The same services as the /admin/badges/awards page.
import type { Request } from 'express';
import { z } from 'zod';
import { ApiRoutes } from '../../platform/api-routes';
import type { AppContext } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { parseInput } from '../../platform/validation';
import { liftSuspension, suspendAward } from './award-suspension.service';
import { revokeAward } from './award.service';
import { maxBulkRevocations, revokeAwardsInBulk } from './bulk-revocation.service';

export const reasonInput = z.object({
  reason: z.string().trim().min(5, 'errors:validation.revokeReason').max(500),
});

/** A list of awards: an array, or one text with a line per award (as pasted). */
export const bulkRevocationInput = reasonInput.extend({
  awards: z
    .union([z.array(z.string().max(300)), z.string().max(maxBulkRevocations * 120)])
    .transform((awards) => (typeof awards === 'string' ? awards.split(/\r?\n/) : awards))
    // Said with the other fields' errors, not after they are mended.
    .refine((lines) => lines.some((line) => line.trim()), { error: 'badges:errors.bulkEmpty' }),
});

export function awardIdParam(req: Request): string {
  const publicId = String(req.params.publicId);
  if (!/^[0-9a-f-]{36}$/.test(publicId)) throw notFound('badge');
  return publicId;
}

export function adminAwardsApi(context: AppContext): ApiRoutes {
  const api = new ApiRoutes();
  const tag = 'admin';
  const access = ['admin'] as const;
  api.post(
    '/admin/awards/revoke',
    {
      tag,
      access,
      summary: `Revoke up to ${maxBulkRevocations} awards with one reason (ids, badge links or urn:uuid ids); says what became of each`,
      body: bulkRevocationInput,
      responses: {
        200: '{ revoked, alreadyRevoked, unknown }',
        422: 'No awards, too many, or reason missing',
      },
    },
    async (req, res) => {
      const { awards, reason } = parseInput(bulkRevocationInput, req.body);
      res.json(await revokeAwardsInBulk(context, req.user!.id, awards, reason));
    },
  );
  api.post(
    '/admin/awards/:publicId/revoke',
    {
      tag,
      access,
      summary:
        'Revoke an award: its assertion answers 410, it joins the revocation lists, its holder is told',
      body: reasonInput,
      responses: { 200: '{ award }', 404: 'Unknown award', 422: 'Reason missing' },
    },
    async (req, res) => {
      const { reason } = parseInput(reasonInput, req.body);
      res.json({ award: await revokeAward(context, req.user!.id, awardIdParam(req), reason) });
    },
  );
  api.post(
    '/admin/awards/:publicId/suspend',
    {
      tag,
      access,
      summary:
        'Suspend an award (e.g. during an investigation): this campus’s verifier and badge page say “suspended” until it is lifted (the credential names only the revocation list, as OB 3.0’s schema allows one status entry)',
      body: reasonInput,
      responses: {
        200: '{ award }',
        404: 'Unknown award',
        409: 'Revoked already',
        422: 'Reason missing',
      },
    },
    async (req, res) => {
      const { reason } = parseInput(reasonInput, req.body);
      res.json({ award: await suspendAward(context, req.user!.id, awardIdParam(req), reason) });
    },
  );
  api.post(
    '/admin/awards/:publicId/lift-suspension',
    {
      tag,
      access,
      summary: 'Lift a suspension: the award is valid again',
      responses: { 200: '{ award }', 404: 'Unknown award' },
    },
    async (req, res) => {
      res.json({ award: await liftSuspension(context, req.user!.id, awardIdParam(req)) });
    },
  );
  return api;
}
