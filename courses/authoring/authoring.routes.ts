// Teaching pages (/teach): instructors and admins write, preview and publish their courses and mark
// live-session attendance. Thin: each handler validates, calls one service, redirects or renders.
import { Router, type Request } from 'express';
import type { AppContext } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { confirmedOrSentBack, handleForm, runMiddleware } from '../../platform/http';
import { requireRole } from '../../platform/middleware/auth';
import { nestFormFields, parseInput } from '../../platform/validation';
import { idOrNotFound, slugOrNotFound } from '../catalog/catalog.schemas';
import { moduleKinds, type ModuleKind } from '../catalog/course.model';
import { topicKeys } from '../catalog/topics';
import { getSessionRoster, setAttendanceOverride } from '../progress/attendance-override.service';
import { previewDraftModule } from '../progress/progress.service';
import { renderPlayer } from '../progress/learning.routes';
import { createEdition, editionInput, listRunningEditions } from '../enrollment/edition.service';
import {
  attendanceOverrideInput,
  courseDetailsInput,
  enrollmentPolicyInput,
  createCourseInput,
  moduleInput,
  moveModuleInput,
  placementInput,
  questionFormInput,
} from './authoring.schemas';
import {
  addModule,
  addQuestion,
  createCourse,
  getEditableCourse,
  listAuthoredCourses,
  listPlacementChoices,
  moveModule,
  publishCourse,
  removeModule,
  removeQuestion,
  updateModule,
  updateQuestion,
} from './authoring.service';
import { courseStaffOnly, loadEditableCourse } from './course-access';
import { saveCourseSettings } from './course-settings.service';
import { archiveCourse, restoreCourse } from './course-archive.service';
import { openDraftDownload, uploadModuleFile } from './module-files';
import { removeCourseImage, setCourseImage } from './course-image.service';
import { openDraftCourseImage } from '../catalog/course-images';
import { sendStoredImage } from '../../platform/images';
import { sendDownload } from './send-download';
import { singleFileUpload } from '../../platform/middleware/upload';

function kindOrDefault(value: unknown): ModuleKind {
  return moduleKinds.includes(value as ModuleKind) ? (value as ModuleKind) : 'lesson';
}

/**
 * A module form as a browser posts it: an unticked checkbox is not sent at all, so here it means
 * "off" (the API's default for an absent field, "on", turned every saved optional module back
 * into a required one and every unshuffled quiz into a shuffled one).
 */
function parseModuleForm(body: unknown) {
  const posted = (body ?? {}) as Record<string, unknown>;
  return parseInput(moduleInput, {
    required: false,
    shuffle: false,
    ...(nestFormFields(posted, ['translations']) as object),
  });
}

export function authoringPages(context: AppContext): Router {
  const router = Router();
  router.use('/teach', requireRole('instructor', 'admin'));
  router.param('slug', courseStaffOnly);
  const slugOf = (req: Request) => slugOrNotFound(req.params.slug);
  const maxUploadMegabytes = Math.round(context.config.maxUploadBytes / 1024 / 1024);
  // Files are parsed inside each form's handler: a refused upload shows on its form.
  const fileUpload = singleFileUpload('file', context.config.maxUploadBytes);
  const moduleOf = (req: Request) => idOrNotFound(req.params.moduleId);

  /** Everything the course editing page shows; also the locals when one of its forms fails. */
  const editorLocals = async (req: Request) => {
    const course = await getEditableCourse(req.user!, slugOf(req));
    return {
      course,
      topicKeys,
      moduleKinds,
      placementChoices: await listPlacementChoices(req.language!),
      editions: await listRunningEditions(course.id),
      maxUploadMegabytes,
      values: course.draft,
      errors: {},
    };
  };

  router.get('/teach', async (req, res) => {
    res.render('authoring/courses', {
      courses: await listAuthoredCourses(req.user!, req.language!),
    });
  });

  router.get('/teach/courses/new', (req, res) => {
    res.render('authoring/new-course', {
      // Most authors write in the language they read the campus in.
      values: { language: req.language, hours: 4 },
      errors: {},
      topicKeys,
    });
  });
  router.post(
    '/teach/courses',
    handleForm(
      'authoring/new-course',
      async (req, res) => {
        const course = await createCourse(
          req.user!,
          parseInput(createCourseInput, nestFormFields(req.body, ['translations'])),
        );
        req.session.flash = 'authoring:flash.draftCreated';
        res.redirect(`/teach/courses/${course.slug}`);
      },
      () => ({ topicKeys }),
    ),
  );

  router.get('/teach/courses/:slug', async (req, res) => {
    res.render('authoring/course', await editorLocals(req));
  });
  router.post(
    '/teach/courses/:slug',
    handleForm(
      'authoring/course',
      async (req, res) => {
        const body = nestFormFields(req.body, ['translations']) as Record<string, unknown>;
        // The placement (a course's level decides what its badge certifies) is shown to admins
        // only; anyone else's is not read. A field left out of the form leaves its setting alone.
        const admin = req.user!.roles.includes('admin');
        await saveCourseSettings(context, req.user!, slugOf(req), {
          details: parseInput(courseDetailsInput, body),
          policy: 'policy' in body ? parseInput(enrollmentPolicyInput, body).policy : undefined,
          placement:
            admin && 'specialization' in body ? parseInput(placementInput, body) : undefined,
        });
        req.session.flash = 'authoring:flash.settingsSaved';
        res.redirect(`/teach/courses/${slugOf(req)}`);
      },
      editorLocals,
    ),
  );
  router.post(
    '/teach/courses/:slug/publish',
    handleForm(
      'authoring/course',
      async (req, res) => {
        const course = await publishCourse(context, req.user!, slugOf(req));
        req.session.flash = {
          key: 'authoring:flash.published',
          values: { version: course.version },
        };
        res.redirect(`/teach/courses/${course.slug}`);
      },
      editorLocals,
    ),
  );

  // Archive and restore re-render the editor with the reason when refused (a draft, a course
  // placed in a level); archiving asks for its confirming tick first.
  router.post(
    '/teach/courses/:slug/archive',
    handleForm(
      'authoring/course',
      async (req, res) => {
        if (!confirmedOrSentBack(req, res, `/teach/courses/${slugOf(req)}#archive`)) return;
        await archiveCourse(req.user!, slugOf(req));
        req.session.flash = 'authoring:flash.archived';
        res.redirect(`/teach/courses/${slugOf(req)}`);
      },
      editorLocals,
    ),
  );
  router.post(
    '/teach/courses/:slug/restore',
    handleForm(
      'authoring/course',
      async (req, res) => {
        await restoreCourse(req.user!, slugOf(req));
        req.session.flash = 'authoring:flash.restored';
        res.redirect(`/teach/courses/${slugOf(req)}`);
      },
      editorLocals,
    ),
  );

  router.post(
    '/teach/courses/:slug/editions',
    handleForm(
      'authoring/course',
      async (req, res) => {
        const edition = await createEdition(
          req.user!,
          slugOf(req),
          parseInput(editionInput, req.body),
        );
        req.session.flash = {
          key: 'authoring:flash.editionScheduled',
          values: { title: edition.title },
        };
        res.redirect(`/teach/courses/${slugOf(req)}#enrolment`);
      },
      async (req) => ({ ...(await editorLocals(req)), editionValues: req.body }),
    ),
  );

  router.get('/teach/courses/:slug/modules/new', async (req, res) => {
    const course = await getEditableCourse(req.user!, slugOf(req));
    const kind = kindOrDefault(req.query.kind);
    res.render('authoring/module', {
      course,
      module: null,
      maxUploadMegabytes,
      kind,
      values: {
        kind,
        required: true,
        minutes: 15,
        attendanceThreshold: 75,
        passScore: 70,
        maxAttempts: 3,
        shuffle: true,
      },
      errors: {},
    });
  });
  router.post(
    '/teach/courses/:slug/modules',
    handleForm(
      'authoring/module',
      async (req, res) => {
        const module = await addModule(req.user!, slugOf(req), parseModuleForm(req.body));
        req.session.flash = {
          key: 'authoring:flash.moduleAdded',
          values: { kind: req.t!(`catalog:kinds.${module.kind}`) },
        };
        res.redirect(`/teach/courses/${slugOf(req)}/modules/${module.id}`);
      },
      async (req) => ({
        course: await getEditableCourse(req.user!, slugOf(req)),
        module: null,
        kind: kindOrDefault(req.body?.kind),
        maxUploadMegabytes,
      }),
    ),
  );

  const moduleLocals = async (req: Request) => {
    const course = await getEditableCourse(req.user!, slugOf(req));
    const module = course.draft.modules.find((candidate) => candidate.id === moduleOf(req));
    if (!module) throw notFound('module');
    return {
      course,
      module,
      kind: module.kind,
      maxUploadMegabytes,
      values: {
        ...module,
        ...module.lesson,
        ...module.video,
        ...module.quiz,
        ...module.liveSession,
        ...module.file,
        startsAt: module.liveSession?.startsAt.slice(0, 16),
      },
      errors: {},
      /** Kept apart so a failed question form does not blank the module form above it. */
      moduleValues: undefined as unknown,
      questionMode: false,
    };
  };
  router.get('/teach/courses/:slug/modules/:moduleId', async (req, res) => {
    res.render('authoring/module', await moduleLocals(req));
  });
  router.post(
    '/teach/courses/:slug/modules/:moduleId',
    handleForm(
      'authoring/module',
      async (req, res) => {
        await updateModule(req.user!, slugOf(req), moduleOf(req), parseModuleForm(req.body));
        req.session.flash = 'authoring:flash.moduleSaved';
        res.redirect(`/teach/courses/${slugOf(req)}/modules/${moduleOf(req)}`);
      },
      moduleLocals,
    ),
  );
  router.post('/teach/courses/:slug/modules/:moduleId/remove', async (req, res) => {
    const back = `/teach/courses/${slugOf(req)}/modules/${moduleOf(req)}`;
    if (!confirmedOrSentBack(req, res, back)) return;
    await removeModule(req.user!, slugOf(req), moduleOf(req));
    req.session.flash = 'authoring:flash.moduleRemoved';
    res.redirect(`/teach/courses/${slugOf(req)}`);
  });
  router.post('/teach/courses/:slug/modules/:moduleId/move', async (req, res) => {
    const { position } = parseInput(moveModuleInput, req.body);
    await moveModule(req.user!, slugOf(req), moduleOf(req), position);
    res.redirect(`/teach/courses/${slugOf(req)}#modules`);
  });

  router.post(
    '/teach/courses/:slug/modules/:moduleId/questions',
    handleForm(
      'authoring/module',
      async (req, res) => {
        await addQuestion(
          req.user!,
          slugOf(req),
          moduleOf(req),
          parseInput(questionFormInput, req.body),
        );
        req.session.flash = 'authoring:flash.questionAdded';
        req.session.flashAt = 'questions';
        res.redirect(`/teach/courses/${slugOf(req)}/modules/${moduleOf(req)}#questions`);
      },
      async (req) => {
        const locals = await moduleLocals(req);
        return { ...locals, moduleValues: locals.values, questionMode: true };
      },
    ),
  );
  const questionOf = (req: Request) => idOrNotFound(req.params.questionId, 'question');
  router.post(
    '/teach/courses/:slug/modules/:moduleId/questions/:questionId',
    handleForm(
      'authoring/module',
      async (req, res) => {
        await updateQuestion(
          req.user!,
          slugOf(req),
          moduleOf(req),
          questionOf(req),
          parseInput(questionFormInput, req.body),
        );
        req.session.flash = 'authoring:flash.questionSaved';
        req.session.flashAt = 'questions';
        res.redirect(`/teach/courses/${slugOf(req)}/modules/${moduleOf(req)}#questions`);
      },
      // A refused edit shows again in its own question, opened, with what was typed.
      async (req) => {
        const locals = await moduleLocals(req);
        return { ...locals, moduleValues: locals.values, editedQuestion: questionOf(req) };
      },
    ),
  );
  router.post(
    '/teach/courses/:slug/modules/:moduleId/questions/:questionId/remove',
    async (req, res) => {
      const back = `/teach/courses/${slugOf(req)}/modules/${moduleOf(req)}#questions`;
      if (!confirmedOrSentBack(req, res, back, 'questions')) return;
      await removeQuestion(req.user!, slugOf(req), moduleOf(req), questionOf(req));
      req.session.flash = 'authoring:flash.questionRemoved';
      req.session.flashAt = 'questions';
      res.redirect(`/teach/courses/${slugOf(req)}/modules/${moduleOf(req)}#questions`);
    },
  );

  router.post(
    '/teach/courses/:slug/modules/:moduleId/file',
    handleForm(
      'authoring/module',
      async (req, res) => {
        await runMiddleware(fileUpload, req, res);
        await uploadModuleFile(req.user!, slugOf(req), moduleOf(req), req.file);
        req.session.flash = 'authoring:flash.fileUploaded';
        res.redirect(`/teach/courses/${slugOf(req)}/modules/${moduleOf(req)}`);
      },
      moduleLocals,
    ),
  );
  router.post(
    '/teach/courses/:slug/image',
    handleForm(
      'authoring/course',
      async (req, res) => {
        await runMiddleware(fileUpload, req, res);
        await setCourseImage(req.user!, slugOf(req), req.file);
        req.session.flash = 'authoring:flash.imageSaved';
        res.redirect(`/teach/courses/${slugOf(req)}#image`);
      },
      editorLocals,
    ),
  );
  router.post('/teach/courses/:slug/image/remove', async (req, res) => {
    await removeCourseImage(req.user!, slugOf(req));
    req.session.flash = 'authoring:flash.imageRemoved';
    res.redirect(`/teach/courses/${slugOf(req)}#image`);
  });
  router.get('/teach/courses/:slug/images/:fileId', async (req, res) => {
    const image = await openDraftCourseImage(slugOf(req), req.params.fileId);
    if (!image) throw notFound('image');
    sendStoredImage(res, image, 'private, max-age=3600');
  });
  router.get('/teach/courses/:slug/preview/modules/:moduleId/file', async (req, res) => {
    sendDownload(res, await openDraftDownload(req.user!, slugOf(req), moduleOf(req)));
  });

  // Preview: the draft in the student's player; nothing is recorded.
  const preview = async (req: Request, moduleId?: string) => {
    const course = await loadEditableCourse(req.user!, slugOf(req));
    return previewDraftModule(
      {
        _id: course._id,
        slug: course.slug,
        version: course.version,
        draft: course.toObject().draft as never,
      },
      moduleId,
      req.language!,
    );
  };
  router.get('/teach/courses/:slug/preview', async (req, res) => {
    await renderPlayer(res, null, await preview(req));
  });
  router.get('/teach/courses/:slug/preview/modules/:moduleId', async (req, res) => {
    await renderPlayer(res, null, await preview(req, moduleOf(req)));
  });

  router.get('/teach/courses/:slug/live-sessions/:moduleId/attendance', async (req, res) => {
    res.render('authoring/attendance', {
      roster: await getSessionRoster(req.user!, slugOf(req), moduleOf(req)),
    });
  });
  router.post(
    '/teach/courses/:slug/live-sessions/:moduleId/attendance/:studentId',
    async (req, res) => {
      const input = parseInput(attendanceOverrideInput, req.body);
      const entry = await setAttendanceOverride(
        context,
        req.user!,
        slugOf(req),
        moduleOf(req),
        idOrNotFound(req.params.studentId, 'student'),
        input,
      );
      req.session.flash = {
        key: input.present ? 'authoring:flash.markedPresent' : 'authoring:flash.markedAbsent',
        values: { name: entry.displayName },
      };
      res.redirect(`/teach/courses/${slugOf(req)}/live-sessions/${moduleOf(req)}/attendance`);
    },
  );

  return router;
}
