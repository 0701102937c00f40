// The specialization operations of the JSON API (admins only): the same service as the pages.
import { ApiRoutes } from '../../platform/api-routes';
import type { AppContext } from '../../platform/context';
import { parseInput } from '../../platform/validation';
import { slugOrNotFound } from '../catalog/catalog.schemas';
import {
  createSpecializationInput,
  levelTextsInput,
  specializationTextsInput,
} from './authoring.schemas';
import {
  createSpecialization,
  getEditableSpecialization,
  listSpecializationsForStaff,
  publishSpecialization,
  unpublishSpecialization,
  saveLevelTexts,
  saveSpecializationTexts,
} from './specialization-authoring.service';

export function specializationAuthoringApi(context: AppContext): ApiRoutes {
  const api = new ApiRoutes();
  const tag = 'authoring';
  const access = ['admin'] as const;
  const unknown = { 404: 'Unknown specialization' };

  api.get(
    '/authoring/specializations',
    {
      tag,
      access,
      summary: 'Every specialization, drafts too',
      responses: { 200: '{ specializations }' },
    },
    async (req, res) => {
      res.json({ specializations: await listSpecializationsForStaff(req.user!, req.language!) });
    },
  );
  api.post(
    '/authoring/specializations',
    {
      tag,
      access,
      summary: 'Create a draft specialization with its three levels',
      body: createSpecializationInput,
      responses: { 201: '{ specialization }', 422: 'Invalid field or address taken' },
    },
    async (req, res) => {
      const { slug } = await createSpecialization(
        req.user!,
        parseInput(createSpecializationInput, req.body),
      );
      res.status(201).json({
        specialization: await getEditableSpecialization(req.user!, slug, req.language!),
      });
    },
  );
  api.get(
    '/authoring/specializations/:slug',
    {
      tag,
      access,
      summary: 'A specialization as admins edit it: texts, translations, levels and their courses',
      responses: { 200: '{ specialization }', ...unknown },
    },
    async (req, res) => {
      const slug = slugOrNotFound(req.params.slug);
      res.json({ specialization: await getEditableSpecialization(req.user!, slug, req.language!) });
    },
  );
  api.put(
    '/authoring/specializations/:slug',
    {
      tag,
      access,
      summary: 'Change its texts (languages left out keep their translations)',
      body: specializationTextsInput,
      responses: { 204: 'Saved', 422: 'Invalid field', ...unknown },
    },
    async (req, res) => {
      const input = parseInput(specializationTextsInput, req.body);
      await saveSpecializationTexts(req.user!, slugOrNotFound(req.params.slug), input);
      res.status(204).end();
    },
  );
  api.put(
    '/authoring/specializations/:slug/levels/:level',
    {
      tag,
      access,
      summary: 'Change a level’s summary (languages left out keep their translations)',
      body: levelTextsInput,
      responses: { 204: 'Saved', 422: 'Invalid field', 404: 'Unknown specialization or level' },
    },
    async (req, res) => {
      const input = parseInput(levelTextsInput, req.body);
      await saveLevelTexts(
        req.user!,
        slugOrNotFound(req.params.slug),
        String(req.params.level),
        input,
      );
      res.status(204).end();
    },
  );
  api.post(
    '/authoring/specializations/:slug/publish',
    {
      tag,
      access,
      summary: 'Show it in the catalog (once a level holds a published course)',
      responses: {
        204: 'Published (or already was)',
        409: 'No published course in its levels',
        ...unknown,
      },
    },
    async (req, res) => {
      await publishSpecialization(context, req.user!, slugOrNotFound(req.params.slug));
      res.status(204).end();
    },
  );
  api.post(
    '/authoring/specializations/:slug/unpublish',
    {
      tag,
      access,
      summary: 'Take it out of the catalog (until a student completes one of its levels)',
      responses: {
        204: 'Back to draft (or already was)',
        409: 'A student has completed one of its levels: its badge certifies it',
        ...unknown,
      },
    },
    async (req, res) => {
      await unpublishSpecialization(req.user!, slugOrNotFound(req.params.slug));
      res.status(204).end();
    },
  );
  return api;
}
