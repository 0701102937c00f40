// The floors the HTTP benchmark compares against, in a process of their own (as the campus is).
// Pages: bare Express rendering each benchmarked page's own EJS template and layout, from data
// read once at start-up through the same services the routes call (then the database connection
// is closed): no session, no database, no middleware. API calls: a bare node:http JSON reply;
// login: the same server running one argon2id password check before it.
// argv[2]: the JSON of `FloorPages` (which student, course, module and badge the bench uses).
// Prints the ports as one JSON line.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import ejs from 'ejs';
import express from 'express';
import { findUserForLogin, type PublicUser } from '../accounts/accounts.service';
import { hashPassword, verifyPassword } from '../accounts/password';
import { getAchievementData } from '../badges/achievements/achievement.service';
import { findPublicAward } from '../badges/awards/award.service';
import { badgeUrls } from '../badges/open-badges/ob2';
import { searchCourses, getCourse } from '../courses/catalog/catalog.service';
import { levelKeys, topicKeys } from '../courses/catalog/topics';
import { listRunningEditions } from '../courses/enrollment/edition.service';
import { openModule } from '../courses/progress/progress.service';
import { getStudentRecord } from '../courses/progress/student-record.service';
import { formattersFor, localeOf, translatorFor } from '../i18n';
import { loadConfig } from '../platform/config';
import { supportedLanguages } from '../i18n';
import { connectDatabase, disconnectDatabase } from '../platform/db';
import { viewsDir } from '../platform/paths';
import { escapeForHtml } from '../platform/safe-html';

export interface FloorPages {
  studentId: string;
  courseSlug: string;
  lessonId: string;
  publicId: string;
}
export type FloorPage = 'catalog' | 'course' | 'dashboard' | 'player' | 'badge';

const kdfPassword = 'bench floor password';

interface StaticPage {
  view: string;
  locals: Record<string, unknown>;
  user: PublicUser | null;
}

/** Each page's template and data, as its route renders them for the bench's requests. */
async function readPages(ids: FloorPages): Promise<Record<FloorPage, StaticPage>> {
  const config = loadConfig();
  await connectDatabase(config);
  try {
    const student = await findUserForLogin(ids.studentId);
    const course = await getCourse(ids.courseSlug, 'en');
    const { currentModule: _stored, ...player } = await openModule(
      ids.studentId,
      ids.courseSlug,
      ids.lessonId,
      'en',
    );
    const award = await findPublicAward(ids.publicId);
    const achievement = await getAchievementData(award.achievementSlug, config.baseUrl);
    return {
      catalog: {
        view: 'catalog/courses',
        locals: { ...(await searchCourses({}, 'en')), search: {}, topicKeys, levelKeys },
        user: null,
      },
      course: {
        view: 'catalog/course',
        locals: {
          course,
          enrolled: false,
          editions: await listRunningEditions(course.id),
          progress: null,
        },
        user: null,
      },
      dashboard: {
        view: 'learning/dashboard',
        locals: { record: await getStudentRecord(student, student.id, 'en') },
        user: student,
      },
      player: {
        view: 'learning/player',
        locals: { player, quiz: null, quizErrors: {} },
        user: student,
      },
      badge: {
        view: 'badges/award',
        locals: {
          award,
          achievement,
          assertionUrl: badgeUrls(config.baseUrl).assertion(award.publicId),
          imageUrl: `/badges/achievements/${achievement.slug}/image`,
          baseUrl: config.baseUrl,
        },
        user: null,
      },
    };
  } finally {
    await disconnectDatabase();
  }
}

async function main() {
  const pages = await readPages(JSON.parse(process.argv[2]!) as FloorPages);
  const app = express();
  app.engine('ejs', (file, data, callback) => {
    ejs.renderFile(
      file,
      data as ejs.Data,
      { root: viewsDir, cache: true, escape: escapeForHtml },
      callback,
    );
  });
  app.set('view engine', 'ejs');
  app.set('views', viewsDir);
  const t = translatorFor('en');
  const fmt = formattersFor('en');
  app.get('/:page', (req, res) => {
    const page = pages[req.params.page as FloorPage];
    if (!page) return res.sendStatus(404);
    // What the campus's view-locals middleware gives every template.
    Object.assign(res.locals, {
      t,
      fmt,
      lang: 'en',
      htmlLang: localeOf.en,
      currentUser: page.user,
      currentPath: req.path,
      currentUrl: req.originalUrl,
      selfRegistration: true,
      outboxEnabled: false,
      csrfToken: () => '',
      title: undefined,
      languages: supportedLanguages,
    });
    res.render(page.view, page.locals);
  });

  const body = JSON.stringify({ verdict: 'valid', checks: [{ check: 'proof', ok: true }] });
  const reply = (res: ServerResponse) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  };
  // /kdf: the login's own cost, one password check with the campus's argon2id parameters.
  const passwordHash = await hashPassword(kdfPassword);
  const json = createServer((req, res) => {
    if (req.url !== '/kdf') return reply(res);
    void verifyPassword(passwordHash, kdfPassword).then(() => reply(res));
  });

  const server = app.listen(0, '127.0.0.1', () => {
    json.listen(0, '127.0.0.1', () => {
      console.log(
        JSON.stringify({
          page: (server.address() as AddressInfo).port,
          json: (json.address() as AddressInfo).port,
        }),
      );
    });
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
