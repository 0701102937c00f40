// An instructor's own profile page (/profile/teaching): the words and photo students see beside
// their courses; and the photo itself, served to anyone while it is the instructor's current one.
import { Router } from 'express';
import type { AppContext } from '../platform/context';
import { notFound } from '../platform/errors';
import { handleForm, runMiddleware } from '../platform/http';
import { sendStoredImage } from '../platform/images';
import { requireRole } from '../platform/middleware/auth';
import { singleFileUpload } from '../platform/middleware/upload';
import { nestFormFields, parseInput } from '../platform/validation';
import { instructorProfileInput } from './accounts.schemas';
import {
  getInstructorProfileForm,
  openInstructorPhoto,
  removeInstructorPhoto,
  saveInstructorProfile,
  setInstructorPhoto,
} from './instructor-profile.service';

export function instructorProfilePages(context: AppContext): Router {
  const router = Router();
  const teachers = requireRole('instructor', 'admin');
  const maxUploadMegabytes = Math.round(context.config.maxUploadBytes / 1024 / 1024);
  /** The page's locals; when a form fails, handleForm puts what was posted in `values`. */
  const pageLocals = async (userId: string) => {
    const profile = await getInstructorProfileForm(userId);
    return { profile, values: profile, errors: {}, maxUploadMegabytes };
  };

  router.get('/profile/teaching', teachers, async (req, res) => {
    res.render('accounts/instructor-profile', await pageLocals(req.user!.id));
  });
  router.post(
    '/profile/teaching',
    teachers,
    handleForm(
      'accounts/instructor-profile',
      async (req, res) => {
        const body = nestFormFields(req.body, ['translations']);
        await saveInstructorProfile(req.user!.id, parseInput(instructorProfileInput, body));
        req.session.flash = 'accounts:flash.instructorProfileSaved';
        res.redirect('/profile/teaching');
      },
      (req) => pageLocals(req.user!.id),
    ),
  );
  // Parsed inside the form's handler: a file too large is shown on the form like any other error.
  const photoUpload = singleFileUpload('file', context.config.maxUploadBytes);
  router.post(
    '/profile/teaching/photo',
    teachers,
    handleForm(
      'accounts/instructor-profile',
      async (req, res) => {
        await runMiddleware(photoUpload, req, res);
        await setInstructorPhoto(req.user!.id, req.file);
        req.session.flash = 'accounts:flash.photoSaved';
        res.redirect('/profile/teaching');
      },
      (req) => pageLocals(req.user!.id),
    ),
  );
  router.post('/profile/teaching/photo/remove', teachers, async (req, res) => {
    await removeInstructorPhoto(req.user!.id);
    req.session.flash = 'accounts:flash.photoRemoved';
    res.redirect('/profile/teaching');
  });
  return router;
}

/** Instructors' photos: public and the same for everyone, so served before sessions. */
export function instructorPhotoRoutes(): Router {
  const router = Router();
  router.get('/instructors/:id/photo/:fileId', async (req, res) => {
    const photo = await openInstructorPhoto(req.params.id, req.params.fileId);
    if (!photo) throw notFound('image');
    sendStoredImage(res, photo, 'public, max-age=604800');
  });
  return router;
}
