// Instructors tell students who they are: a headline, a short biography (in their language, with
// translations) and a photo. Only instructors and admins have one; it is public only through the
// pages of published courses they teach (courses/catalog asks for it here).
import { Types } from 'mongoose';
import { inReaderLanguage, languages, type Language, type Translations } from '../i18n';
import { conflict, forbidden, notFound } from '../platform/errors';
import {
  deleteStoredImage,
  openStoredImage,
  resizeUploadedImage,
  storeImage,
  type StoredImage,
} from '../platform/images';
import type { InstructorProfileInput } from './accounts.schemas';
import { UserModel } from './user.model';

const photoBucket = 'instructorPhotos';
const photoSize = { photo: { width: 320, height: 320 } };
const teaches = (roles: readonly string[]) =>
  roles.includes('instructor') || roles.includes('admin');

export interface InstructorProfile {
  id: string;
  name: string;
  /** In the reader's language where translated, else as written. */
  headline: string;
  bio: string;
  /** The language the headline and biography are shown in. */
  contentLanguage: Language | null;
  /** Absent: pages show the name's initials. */
  photoUrl: string | null;
  initials: string;
}

export interface InstructorProfileForm {
  headline: string;
  bio: string;
  language: Language;
  translations: Record<Language, { headline: string; bio: string }>;
  photoUrl: string | null;
  initials: string;
}

async function loadInstructor(userId: string) {
  const user = Types.ObjectId.isValid(userId) ? await UserModel.findById(userId) : null;
  if (!user) throw notFound('account');
  if (!teaches(user.roles)) throw forbidden();
  return user;
}

function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = [words[0], words.length > 1 ? words[words.length - 1] : undefined]
    .map((word) => (word ? [...word][0] : ''))
    .join('');
  return letters.toLocaleUpperCase() || '?';
}

const photoUrlOf = (userId: string, photo: Types.ObjectId | null | undefined) =>
  photo ? `/instructors/${userId}/photo/${photo}` : null;

/** The profile as its owner edits it. */
export async function getInstructorProfileForm(userId: string): Promise<InstructorProfileForm> {
  const user = await loadInstructor(userId);
  const profile = user.toObject().instructorProfile;
  const stored = (profile?.translations ?? {}) as Translations<'headline' | 'bio'>;
  return {
    headline: profile?.headline ?? '',
    bio: profile?.bio ?? '',
    language: (profile?.language ?? user.language) as Language,
    translations: Object.fromEntries(
      languages.map((language) => [
        language,
        { headline: stored[language]?.headline ?? '', bio: stored[language]?.bio ?? '' },
      ]),
    ) as InstructorProfileForm['translations'],
    photoUrl: photoUrlOf(userId, profile?.photo),
    initials: initialsOf(user.displayName),
  };
}

export async function saveInstructorProfile(
  userId: string,
  input: InstructorProfileInput,
): Promise<void> {
  const user = await loadInstructor(userId);
  const { headline, bio, language, translations = {} } = input;
  user.set('instructorProfile.headline', headline);
  user.set('instructorProfile.bio', bio);
  user.set('instructorProfile.language', language);
  user.set('instructorProfile.translations', translations);
  await user.save();
}

/** The demo seed's profiles: written once, never over the instructor's own edits. */
export async function ensureInstructorProfile(
  userId: string,
  input: InstructorProfileInput,
): Promise<void> {
  const user = await loadInstructor(userId);
  if (user.instructorProfile?.language) return;
  await saveInstructorProfile(userId, input);
}

export async function setInstructorPhoto(
  userId: string,
  upload: { buffer: Buffer } | undefined,
): Promise<void> {
  const user = await loadInstructor(userId);
  const { photo } = await resizeUploadedImage(upload, photoSize);
  const id = await storeImage(photoBucket, photo, { user: user._id });
  const previous = user.instructorProfile?.photo;
  if (!(await swapPhoto(user._id, previous, id))) {
    // Another upload or removal got there first: this photo is not kept.
    await deleteStoredImage(photoBucket, id);
    throw conflict('accounts:errors.photoChangedMeanwhile');
  }
  // A photo is personal data: the replaced one is deleted, not kept.
  if (previous) await deleteStoredImage(photoBucket, previous);
}

export async function removeInstructorPhoto(userId: string): Promise<void> {
  const user = await loadInstructor(userId);
  const previous = user.instructorProfile?.photo;
  if (!previous) return;
  if (!(await swapPhoto(user._id, previous, null)))
    throw conflict('accounts:errors.photoChangedMeanwhile');
  await deleteStoredImage(photoBucket, previous);
}

/**
 * Replaces the photo only if it is still the one read (compare and set, without transactions):
 * of two uploads at the same instant one wins, and each stored photo is either the current one
 * or deleted, never left behind.
 */
async function swapPhoto(
  userId: Types.ObjectId,
  expected: Types.ObjectId | null | undefined,
  next: Types.ObjectId | null,
): Promise<boolean> {
  const swapped = await UserModel.updateOne(
    {
      _id: userId,
      'instructorProfile.photo': expected ? expected : { $exists: false },
    },
    next
      ? { $set: { 'instructorProfile.photo': next } }
      : { $unset: { 'instructorProfile.photo': 1 } },
  );
  return swapped.modifiedCount === 1;
}

/** Profiles of these instructors in the reader's language; others (students, unknown) are absent. */
export async function findInstructorProfiles(
  ids: readonly (Types.ObjectId | string)[],
  reader: Language,
): Promise<Map<string, InstructorProfile>> {
  if (!ids.length) return new Map();
  const users = await UserModel.find({ _id: { $in: ids }, disabledAt: { $exists: false } })
    .select('displayName roles instructorProfile')
    .lean();
  return new Map(
    users
      .filter((user) => teaches(user.roles))
      .map((user) => {
        const id = String(user._id);
        const profile = user.instructorProfile;
        const texts = inReaderLanguage(
          {
            headline: profile?.headline,
            bio: profile?.bio,
            language: profile?.language,
            translations: profile?.translations as Translations<'headline' | 'bio'> | undefined,
          },
          ['headline', 'bio'],
          reader,
        );
        return [
          id,
          {
            id,
            name: user.displayName,
            headline: texts.headline,
            bio: texts.bio,
            contentLanguage: texts.contentLanguage,
            photoUrl: photoUrlOf(id, profile?.photo),
            initials: initialsOf(user.displayName),
          },
        ];
      }),
  );
}

/** An instructor's photo, only while it is their current one and the account is active. */
export async function openInstructorPhoto(
  userId: string,
  fileId: string,
): Promise<StoredImage | null> {
  if (!Types.ObjectId.isValid(userId) || !Types.ObjectId.isValid(fileId)) return null;
  // A disabled account's photo is no longer shown anywhere, nor served.
  const user = await UserModel.findOne({ _id: userId, disabledAt: { $exists: false } })
    .select('roles instructorProfile.photo')
    .lean();
  const photo = user?.instructorProfile?.photo;
  if (!user || !teaches(user.roles) || !photo || String(photo) !== fileId) return null;
  return openStoredImage(photoBucket, photo);
}
