// Arranging the fault scenarios through the real services: a one-course level with its badge,
// and students who complete it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAchievement } from '../../../badges/achievements/achievement.service';
import { enrollInCourse } from '../../../courses/enrollment/enrollment.service';
import { markModuleDone } from '../../../courses/progress/progress.service';
import type { AppContext } from '../../../platform/context';
import {
  createPublishedCourse,
  createSpecialization,
  createTestUser,
  type ModuleSpec,
} from '../../support/factories';

/** A published course alone in the basic level of a new specialization, with the level's badge. */
export async function levelWithBadge(
  context: AppContext,
  name: string,
  modules: ModuleSpec[] = [{ kind: 'lesson', title: 'Only' }],
) {
  const course = await createPublishedCourse(`${name}-course`, modules);
  const specialization = await createSpecialization(`${name}-spec`, [
    { key: 'basic', courses: [course._id] },
  ]);
  const admin = await createTestUser({ roles: ['admin'] });
  await createAchievement(context, String(admin._id), {
    slug: `${name}-basic`,
    specialization: specialization.slug,
    level: 'basic',
    name: `${name} basic badge`,
    description: 'Certifies the basic level.',
    criteriaNarrative: 'Complete every course of the basic level.',
    tags: [],
    alignment: [],
    color: '#1f7a4d',
  });
  return { course, specialization };
}

/** A new student who enrols and finishes the course's only lesson (its jobs are queued). */
export async function studentFinishing(
  context: AppContext,
  course: { slug: string; modules: { _id: unknown }[] },
  displayName: string,
) {
  const student = await createTestUser({ displayName });
  await enrollInCourse(context, String(student._id), course.slug);
  await markModuleDone(context, String(student._id), course.slug, String(course.modules[0]!._id));
  return student;
}

/** The text of a PDF, read by poppler's pdftotext: proves the bytes are a whole, readable PDF. */
export function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fault-pdf-'));
  try {
    writeFileSync(path.join(dir, 'c.pdf'), pdf);
    return execFileSync('pdftotext', [path.join(dir, 'c.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
