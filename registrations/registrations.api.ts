// The events system pushes registrations to /api/v1/integrations/registrations with its own
// bearer token (no session, so no CSRF: mounted before both); admins create integrations and
// can import the events system's registrations export (CSV) through the same service.
import { isMessageKey } from '../i18n';
import type { Request } from 'express';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { ApiRoutes } from '../platform/api-routes';
import type { AppContext } from '../platform/context';
import { idOrNotFound } from '../platform/validation';
import { notFound, validationFailed } from '../platform/errors';
import { singleFileUpload } from '../platform/middleware/upload';
import { parseInput } from '../platform/validation';
import { IntegrationModel } from './integration.model';
import {
  applyRegistration,
  authenticateIntegration,
  createIntegration,
  registrationInput,
  type RegistrationInput,
} from './registration.service';

export function registrationPushApi(context: AppContext): ApiRoutes {
  const api = new ApiRoutes();
  api.post(
    '/integrations/registrations',
    {
      tag: 'integrations',
      access: 'public',
      summary:
        'The events system pushes a registration (Authorization: Bearer <integration token>): the person is found by email or invited, enrolled, or unenrolled when cancelled; a repeat changes nothing; another email is another person (an account’s email is never changed)',
      body: registrationInput,
      responses: {
        200: '{ outcome: enrolled|updated|cancelled|unchanged, studentId, createdAccount }',
        401: 'Missing or unknown token',
        409: 'The email belongs to a staff account (never managed by an integration), or the edition is full',
        422: 'Invalid field (nothing changed)',
      },
    },
    async (req, res) => {
      const integration = await authenticateIntegration(req.get('authorization'));
      res.json(
        await applyRegistration(context, integration, parseInput(registrationInput, req.body)),
      );
    },
  );
  return api;
}

const integrationInput = z.object({
  name: z.string().trim().min(2).max(80),
  /** The events system confirms registrants' emails itself (their accounts count as confirmed). */
  emailsVerified: z.boolean().optional(),
});

/** The export's columns, by the names events systems use. */
function rowsOfExport(req: Request): Array<{ line: number; data: Record<string, string> }> {
  if (!req.file) throw validationFailed({ file: 'admin:registrations.sendFile' });
  let records: Record<string, string>[];
  try {
    records = parse(req.file.buffer, {
      bom: true,
      columns: (header: string[]) =>
        header.map((name) => name.trim().replace(/^id$/i, 'registrationId')),
      delimiter: [',', ';'],
      skip_empty_lines: true,
      trim: true,
    }) as Record<string, string>[];
  } catch (error) {
    throw validationFailed({
      file: { key: 'admin:registrations.notCsv', values: { reason: (error as Error).message } },
    });
  }
  return records.map((data, index) => ({ line: index + 2, data }));
}

export function integrationAdminApi(context: AppContext): ApiRoutes {
  const api = new ApiRoutes();
  const tag = 'integrations';
  const access = ['admin'] as const;
  api.post(
    '/admin/integrations',
    {
      tag,
      access,
      summary: 'Create an integration; its token is shown once, in this answer',
      body: integrationInput,
      responses: {
        201: '{ integration: { id, name, emailsVerified }, token }',
        409: 'Name taken',
      },
    },
    async (req, res) => {
      const input = parseInput(integrationInput, req.body);
      const { token, ...integration } = await createIntegration(req.user!.id, input);
      res.status(201).json({ integration, token });
    },
  );
  api.get(
    '/admin/integrations',
    {
      tag,
      access,
      summary: 'Integrations (never their tokens)',
      responses: { 200: '{ integrations }' },
    },
    async (_req, res) => {
      const integrations = await IntegrationModel.find()
        .select('name createdAt revokedAt emailsVerified')
        .lean();
      res.json({
        integrations: integrations.map((integration) => ({
          id: String(integration._id),
          name: integration.name,
          createdAt: integration.createdAt,
          emailsVerified: integration.emailsVerified === true,
          revoked: Boolean(integration.revokedAt),
        })),
      });
    },
  );
  api.post(
    '/admin/integrations/:id/registrations-import',
    {
      tag,
      access,
      summary:
        'Pull registrations from the events system’s export (CSV: id, status, email, name, language, course, edition); every row is checked before any is applied',
      upload: { field: 'file', description: 'CSV export, at most 5 MB' },
      responses: {
        200: '{ outcomes }',
        404: 'Unknown integration',
        422: 'Bad rows (nothing applied)',
      },
    },
    singleFileUpload('file', 5 * 1024 * 1024),
    async (req, res) => {
      const integration = await IntegrationModel.findOne({
        _id: idOrNotFound(req.params.id, 'integration'),
        revokedAt: { $exists: false },
      }).lean();
      if (!integration) throw notFound('integration');
      const checked = rowsOfExport(req).map(({ line, data }) => ({
        line,
        result: registrationInput.safeParse(data),
      }));
      const bad = checked.filter((row) => !row.result.success);
      if (bad.length)
        throw validationFailed({
          file: {
            key: 'admin:registrations.problemList',
            values: {
              problems: bad.slice(0, 10).flatMap((row) =>
                row.result.error!.issues.map((issue) => ({
                  key: 'admin:registrations.lineIssue',
                  values: {
                    line: row.line,
                    field: issue.path.join('.'),
                    // The schemas' own messages are keys; zod's defaults stay as zod words them.
                    problem: isMessageKey(issue.message)
                      ? { key: issue.message, values: {} }
                      : issue.message,
                  },
                })),
              ),
            },
          },
        });
      const outcomes: Record<string, number> = {};
      for (const row of checked) {
        const { outcome } = await applyRegistration(
          context,
          integration,
          row.result.data as RegistrationInput,
        );
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
      res.json({ outcomes });
    },
  );
  return api;
}
