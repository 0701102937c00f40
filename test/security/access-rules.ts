// What each kind of person gets from each route: the access matrix (access-matrix.test.ts) checks
// every route the app answers against this table. A new route fails that test until it has a line
// here; pick the set that says who may use it, or write its six outcomes with o(...).
//
// Outcomes: 'in' = let through (2xx, a redirect onwards, or a 4xx about the input: the person was
// allowed to ask); 'unauthenticated' = 401, or a page's redirect to the login; 'forbidden' = 403;
// 'hidden' = 404; 'toCoursePage' = the player sends someone not enrolled to the course's page.
export const actors = [
  'anonymous',
  'student', // enrolled in the matrix course, holds a badge
  'otherStudent', // neither
  'otherInstructor', // teaches another course
  'instructor', // teaches the matrix course
  'admin',
] as const;
export type Actor = (typeof actors)[number];
export type Outcome = 'in' | 'unauthenticated' | 'forbidden' | 'hidden' | 'toCoursePage';
export interface AccessRule {
  expect: Record<Actor, Outcome>;
  /** Run after the others: it changes what they rely on (keys, enrolments). */
  last?: boolean;
  /** Ends the session it is called with (logout): each person calls it from a new one. */
  freshSession?: boolean;
}

function o(
  anonymous: Outcome,
  student: Outcome,
  otherStudent: Outcome,
  otherInstructor: Outcome,
  instructor: Outcome,
  admin: Outcome,
): Record<Actor, Outcome> {
  return { anonymous, student, otherStudent, otherInstructor, instructor, admin };
}

const everyone = o('in', 'in', 'in', 'in', 'in', 'in');
const signedIn = o('unauthenticated', 'in', 'in', 'in', 'in', 'in');
const adminOnly = o('unauthenticated', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'in');
/** Any instructor (their own new course) or admin. */
const staff = o('unauthenticated', 'forbidden', 'forbidden', 'in', 'in', 'in');
/** The course's own instructors and admins; another instructor is refused before any input is read. */
const courseStaff = o('unauthenticated', 'forbidden', 'forbidden', 'forbidden', 'in', 'in');
/** Learning: only a student enrolled in the course (staff preview elsewhere). */
const enrolledStudent = o(
  'unauthenticated',
  'in',
  'forbidden',
  'forbidden',
  'forbidden',
  'forbidden',
);
const enrolledPage = o(
  'unauthenticated',
  'in',
  'toCoursePage',
  'toCoursePage',
  'toCoursePage',
  'toCoursePage',
);
/** The badge's holder decides its privacy; not even an admin does. */
const badgeHolder = enrolledStudent;
/** A person's own record, or an admin. */
const selfOrAdmin = o('unauthenticated', 'in', 'forbidden', 'forbidden', 'forbidden', 'in');
/** Other systems: a signature or a bearer token, never a session. */
const signedRequest = o(
  'unauthenticated',
  'unauthenticated',
  'unauthenticated',
  'unauthenticated',
  'unauthenticated',
  'unauthenticated',
);
/** An app someone else connected is not found (the matrix's people connected none). */
const ownAppsOnly = o('unauthenticated', 'hidden', 'hidden', 'hidden', 'hidden', 'hidden');
/** The second login step without a first one: back to the login. */
const noPendingLogin = signedRequest;

export const accessRules: Record<string, AccessRule> = {
  'GET /healthz': { expect: everyone },
  'GET /readyz': { expect: everyone },
  'GET /livez': { expect: everyone },
  'GET /.well-known/jwks.json': { expect: everyone },
  'POST /webhooks/zoom': { expect: signedRequest },
  'POST /api/v1/integrations/registrations': { expect: signedRequest },
  // The Open Badges API: OAuth bearer tokens only, never a session.
  'GET /ims/ob/v3p0/discovery': { expect: everyone },
  // Open dynamic registration (RFC 7591), as the spec asks; rate-limited per network.
  'POST /ims/ob/v3p0/oauth/register': { expect: everyone },
  // OpenID4VCI wallet delivery: public metadata; an offer is its own secret (unknown ones: 404);
  // the token endpoint answers a code, the credential endpoint a token, never a session.
  'GET /.well-known/openid-credential-issuer/oid4vci': { expect: everyone },
  'GET /oid4vci/.well-known/openid-credential-issuer': { expect: everyone },
  'GET /.well-known/oauth-authorization-server/oid4vci': { expect: everyone },
  'GET /oid4vci/.well-known/oauth-authorization-server': { expect: everyone },
  'GET /oid4vci/.well-known/openid-configuration': { expect: everyone },
  'GET /oid4vci/jwks.json': { expect: everyone },
  'GET /oid4vci/offers/:offerId': {
    expect: o('hidden', 'hidden', 'hidden', 'hidden', 'hidden', 'hidden'),
  },
  'POST /oid4vci/token': { expect: everyone },
  'POST /oid4vci/credential': { expect: signedRequest },
  'GET /privacy': { expect: everyone },
  'GET /terms': { expect: everyone },
  'GET /ims/ob/v3p0/credentials': { expect: signedRequest },
  'POST /ims/ob/v3p0/credentials': { expect: signedRequest },
  'GET /ims/ob/v3p0/profile': { expect: signedRequest },
  'PUT /ims/ob/v3p0/profile': { expect: signedRequest },
  // A consent page answers an OAuth interaction of this browser (else 410), then asks for a login.
  'GET /oauth/consent/:uid': { expect: everyone },
  'POST /oauth/consent/:uid': { expect: everyone },
  'GET /profile/connected-apps': { expect: signedIn },
  'POST /profile/connected-apps/:clientId/revoke': { expect: ownAppsOnly },
  'GET /': { expect: everyone },
  'GET /specializations': { expect: everyone },
  'GET /specializations/:slug': { expect: everyone },
  'GET /specializations/:slug/levels/:level': { expect: everyone },
  'GET /courses': { expect: everyone },
  'GET /courses/:slug': { expect: everyone },
  'POST /courses/:slug/enroll': { expect: signedIn },
  'POST /specializations/:slug/levels/:level/enroll': { expect: signedIn },
  'POST /specializations/:slug/enroll': { expect: signedIn },
  'GET /learn/:slug': { expect: enrolledPage },
  'GET /learn/:slug/modules/:moduleId': { expect: enrolledPage },
  'GET /learn/:slug/modules/:moduleId/file': { expect: enrolledStudent },
  'POST /learn/:slug/modules/:moduleId/done': { expect: enrolledStudent },
  'POST /learn/:slug/modules/:moduleId/quiz': { expect: enrolledPage },
  'GET /dashboard': { expect: signedIn },
  'GET /notifications': { expect: signedIn },
  'GET /admin/students': { expect: adminOnly },
  'GET /admin/students/:studentId': { expect: adminOnly },
  'POST /admin/students/:studentId/recompute': { expect: adminOnly },
  'GET /teach': { expect: staff },
  'GET /teach/courses/new': { expect: staff },
  'POST /teach/courses': { expect: staff },
  'GET /teach/courses/:slug': { expect: courseStaff },
  'POST /teach/courses/:slug': { expect: courseStaff },
  'POST /teach/courses/:slug/publish': { expect: courseStaff },
  'POST /teach/courses/:slug/editions': { expect: courseStaff },
  'GET /teach/courses/:slug/modules/new': { expect: courseStaff },
  'POST /teach/courses/:slug/modules': { expect: courseStaff },
  'GET /teach/courses/:slug/modules/:moduleId': { expect: courseStaff },
  'POST /teach/courses/:slug/modules/:moduleId': { expect: courseStaff },
  'POST /teach/courses/:slug/modules/:moduleId/remove': { expect: courseStaff },
  'POST /teach/courses/:slug/modules/:moduleId/move': { expect: courseStaff },
  'POST /teach/courses/:slug/modules/:moduleId/questions': { expect: courseStaff },
  'POST /teach/courses/:slug/modules/:moduleId/questions/:questionId': { expect: courseStaff },
  'POST /teach/courses/:slug/modules/:moduleId/file': { expect: courseStaff },
  // Without its tick archiving only sends the person back (the API archives: it runs last).
  'POST /teach/courses/:slug/archive': { expect: courseStaff },
  'POST /teach/courses/:slug/restore': { expect: courseStaff },
  'POST /teach/courses/:slug/image': { expect: courseStaff },
  'POST /teach/courses/:slug/image/remove': { expect: courseStaff },
  'GET /teach/courses/:slug/images/:fileId': {
    expect: o('unauthenticated', 'forbidden', 'forbidden', 'forbidden', 'hidden', 'hidden'),
  },
  'GET /teach/courses/:slug/preview/modules/:moduleId/file': { expect: courseStaff },
  'GET /teach/courses/:slug/preview': { expect: courseStaff },
  'GET /teach/courses/:slug/preview/modules/:moduleId': { expect: courseStaff },
  'GET /teach/courses/:slug/live-sessions/:moduleId/attendance': { expect: courseStaff },
  'POST /teach/courses/:slug/live-sessions/:moduleId/attendance/:studentId': {
    expect: courseStaff,
  },
  'GET /admin/cohorts': { expect: adminOnly },
  'POST /admin/cohorts': { expect: adminOnly },
  'GET /badges/issuer': { expect: everyone },
  'GET /badges/keys/:kid': { expect: everyone },
  'GET /badges/assertions/:publicId/signed': { expect: everyone },
  'GET /badges/revocations': { expect: everyone },
  // A published course's live sessions as a calendar file (unknown ones: 404 for everyone).
  'GET /courses/:slug/sessions.ics': { expect: everyone },
  // Pictures are served only while a published course (or an instructor) holds them.
  'GET /courses/:slug/images/:fileId': {
    expect: o('hidden', 'hidden', 'hidden', 'hidden', 'hidden', 'hidden'),
  },
  'GET /course-images/:topic.svg': { expect: everyone },
  // Instructor pages exist only for people who teach a published course (the id is a student's).
  'GET /instructors/:id': { expect: o('hidden', 'hidden', 'hidden', 'hidden', 'hidden', 'hidden') },
  'GET /instructors/:id/photo/:fileId': {
    expect: o('hidden', 'hidden', 'hidden', 'hidden', 'hidden', 'hidden'),
  },
  'GET /profile/teaching': { expect: staff },
  'POST /profile/teaching': { expect: staff },
  'POST /profile/teaching/photo': { expect: staff },
  'POST /profile/teaching/photo/remove': { expect: staff },
  'GET /courses/:slug/sessions/:moduleId.ics': { expect: everyone },
  'GET /badges/credentials/:publicId': { expect: everyone },
  'GET /badges/credentials/:publicId/jwt': { expect: everyone },
  'GET /badges/revocations/ob3': { expect: everyone },
  'GET /badges/status/:purpose/:list': { expect: everyone },
  'GET /badges/achievements/:slug': { expect: everyone },
  'GET /badges/achievements/:slug/image': { expect: everyone },
  'GET /badges/achievements/:slug/image.svg': { expect: everyone },
  'GET /badges/assertions/:publicId': { expect: everyone },
  'GET /badges': { expect: signedIn },
  'GET /badges/:publicId/certificate.pdf': { expect: selfOrAdmin },
  'GET /badges/:publicId/baked/:format': { expect: selfOrAdmin },
  'POST /badges/:publicId/privacy': { expect: badgeHolder },
  'GET /badges/:publicId/renew': { expect: badgeHolder },
  'POST /badges/:publicId/renew': { expect: badgeHolder },
  'POST /badges/:publicId/wallet-offer': { expect: badgeHolder },
  'GET /verify': { expect: everyone },
  'POST /verify': { expect: everyone },
  'GET /verify/batch': { expect: everyone },
  'POST /verify/batch': { expect: everyone },
  'GET /admin/badges': { expect: adminOnly },
  'POST /admin/badges/issuer': { expect: adminOnly },
  'POST /admin/badges/achievements': { expect: adminOnly },
  'POST /admin/badges/issuer/signature': { expect: adminOnly },
  'GET /admin/badges/achievements/:slug': { expect: adminOnly },
  'GET /admin/badges/achievements/:slug/holders': { expect: adminOnly },
  'POST /admin/badges/achievements/:slug': { expect: adminOnly },
  'POST /admin/badges/achievements/:slug/image': { expect: adminOnly },
  'POST /admin/badges/achievements/:slug/renewal': { expect: adminOnly },
  'GET /admin/badges/imports': { expect: adminOnly },
  'POST /admin/badges/imports': { expect: adminOnly },
  'GET /admin/badges/imports/:importId': { expect: adminOnly },
  'POST /admin/badges/keys/:algorithm/rotate': { expect: adminOnly },
  'GET /admin/badges/awards': { expect: adminOnly },
  'POST /admin/badges/awards/bulk-revoke': { expect: adminOnly },
  'POST /admin/badges/awards/:publicId/revoke': { expect: adminOnly },
  'POST /admin/badges/awards/:publicId/suspend': { expect: adminOnly },
  'POST /admin/badges/awards/:publicId/lift-suspension': { expect: adminOnly },
  'GET /admin/badges/trusted-issuers': { expect: adminOnly },
  'POST /admin/badges/trusted-issuers': { expect: adminOnly },
  'POST /admin/badges/trusted-issuers/remove': { expect: adminOnly },
  'GET /admin/attendance': { expect: adminOnly },
  'POST /admin/attendance/:moduleId/sync': { expect: adminOnly },
  'GET /admin/reports': { expect: adminOnly },
  'GET /admin/reports/:report.csv': { expect: adminOnly },
  'GET /teach/courses/:slug/insights': { expect: courseStaff },
  'GET /teach/courses/:slug/live-sessions/:moduleId/reconcile': { expect: courseStaff },
  'POST /teach/courses/:slug/live-sessions/:moduleId/reconcile': { expect: courseStaff },
  'GET /teach/courses/:slug/live-sessions/:moduleId/import': { expect: courseStaff },
  'POST /teach/courses/:slug/live-sessions/:moduleId/import': { expect: courseStaff },
  'GET /register': { expect: everyone },
  'POST /register': { expect: everyone },
  'GET /login': { expect: everyone },
  'POST /login': { expect: everyone },
  'POST /logout': { expect: everyone, freshSession: true },
  'GET /password/forgot': { expect: everyone },
  'POST /password/forgot': { expect: everyone },
  'GET /password/reset/:token': { expect: everyone },
  'POST /password/reset/:token': { expect: everyone },
  'GET /profile': { expect: signedIn },
  'POST /profile': { expect: signedIn },
  'GET /profile/email': { expect: signedIn },
  'POST /profile/email': { expect: signedIn },
  'GET /email/confirm/:token': { expect: everyone },
  'POST /email/confirm/:token': { expect: everyone },
  'POST /email/confirm-resend': { expect: signedIn },
  'GET /language/:code': { expect: everyone },
  'POST /language': { expect: signedIn },
  'GET /login/2fa': { expect: noPendingLogin },
  'POST /login/2fa': { expect: everyone },
  'GET /account/2fa': { expect: signedIn },
  'POST /account/2fa/begin': { expect: signedIn },
  'POST /account/2fa/confirm': { expect: signedIn },
  'POST /admin/students/:id/2fa/reset': { expect: adminOnly },
  'POST /admin/students/:id/disable': { expect: adminOnly },
  'POST /admin/students/:id/enable': { expect: adminOnly },
  // Development only: mounted when mail goes to the outbox and never in production.
  'GET /dev/outbox': { expect: everyone },
  'GET /dev/outbox/:id': { expect: everyone },
  'GET /api/v1/openapi.json': { expect: everyone },
  'GET /api/v1/specializations': { expect: everyone },
  'GET /api/v1/specializations/:slug': { expect: everyone },
  'GET /api/v1/specializations/:slug/levels/:level': { expect: everyone },
  'GET /api/v1/courses': { expect: everyone },
  'GET /api/v1/courses/:slug': { expect: everyone },
  'GET /api/v1/me/enrollments': { expect: signedIn },
  'GET /api/v1/me/notifications': { expect: signedIn },
  'PUT /api/v1/me/enrollments/:courseSlug': { expect: signedIn },
  'PUT /api/v1/me/specializations/:slug/levels/:level/enrollment': { expect: signedIn },
  'PUT /api/v1/me/specializations/:slug/enrollment': { expect: signedIn },
  'GET /api/v1/me/courses/:slug/player': { expect: enrolledStudent },
  'GET /api/v1/me/courses/:slug/modules/:moduleId': { expect: enrolledStudent },
  'GET /api/v1/me/courses/:slug/modules/:moduleId/file': { expect: enrolledStudent },
  'POST /api/v1/me/courses/:slug/modules/:moduleId/done': { expect: enrolledStudent },
  'POST /api/v1/me/courses/:slug/modules/:moduleId/quiz-attempts': { expect: enrolledStudent },
  'GET /api/v1/me/progress': { expect: signedIn },
  'GET /api/v1/admin/students': { expect: adminOnly },
  'GET /api/v1/students/:studentId/progress': { expect: selfOrAdmin },
  'POST /api/v1/students/:studentId/completion/recompute': { expect: adminOnly },
  'GET /api/v1/authoring/courses': { expect: staff },
  'POST /api/v1/authoring/courses': { expect: staff },
  'GET /api/v1/authoring/courses/:slug': { expect: courseStaff },
  'PUT /api/v1/authoring/courses/:slug': { expect: courseStaff },
  'PUT /api/v1/authoring/courses/:slug/placement': { expect: adminOnly },
  'POST /api/v1/authoring/courses/:slug/publish': { expect: courseStaff },
  'POST /api/v1/authoring/courses/:slug/modules': { expect: courseStaff },
  'PUT /api/v1/authoring/courses/:slug/modules/:moduleId': { expect: courseStaff },
  'DELETE /api/v1/authoring/courses/:slug/modules/:moduleId': { expect: courseStaff },
  'POST /api/v1/authoring/courses/:slug/modules/:moduleId/move': { expect: courseStaff },
  'POST /api/v1/authoring/courses/:slug/modules/:moduleId/questions': { expect: courseStaff },
  'PUT /api/v1/authoring/courses/:slug/modules/:moduleId/questions/:questionId': {
    expect: courseStaff,
  },
  'DELETE /api/v1/authoring/courses/:slug/modules/:moduleId/questions/:questionId': {
    expect: courseStaff,
  },
  'PUT /api/v1/authoring/courses/:slug/modules/:moduleId/file': { expect: courseStaff },
  'POST /api/v1/authoring/courses/:slug/restore': { expect: courseStaff },
  'PUT /api/v1/authoring/courses/:slug/image': { expect: courseStaff },
  'DELETE /api/v1/authoring/courses/:slug/image': { expect: courseStaff },
  'GET /api/v1/authoring/courses/:slug/editions': { expect: courseStaff },
  'POST /api/v1/authoring/courses/:slug/editions': { expect: courseStaff },
  'PUT /api/v1/authoring/courses/:slug/enrollment-policy': { expect: courseStaff },
  'GET /api/v1/authoring/courses/:slug/live-sessions/:moduleId/attendance': { expect: courseStaff },
  'PUT /api/v1/authoring/courses/:slug/live-sessions/:moduleId/attendance/:studentId': {
    expect: courseStaff,
  },
  'POST /api/v1/admin/cohorts/preview': { expect: adminOnly },
  'POST /api/v1/admin/cohorts': { expect: adminOnly },
  'GET /api/v1/admin/issuer': { expect: adminOnly },
  'PUT /api/v1/admin/issuer': { expect: adminOnly },
  'PUT /api/v1/admin/issuer/signature': { expect: adminOnly },
  'DELETE /api/v1/admin/issuer/signature': { expect: adminOnly },
  'GET /api/v1/admin/keys': { expect: adminOnly },
  'POST /api/v1/admin/keys/:algorithm/rotate': { expect: adminOnly },
  'POST /api/v1/admin/achievements': { expect: adminOnly },
  'PATCH /api/v1/admin/achievements/:slug': { expect: adminOnly },
  'PUT /api/v1/admin/achievements/:slug/image': { expect: adminOnly },
  'DELETE /api/v1/admin/achievements/:slug/image': { expect: adminOnly },
  'POST /api/v1/admin/awards/revoke': { expect: adminOnly },
  'POST /api/v1/admin/award-imports/preview': { expect: adminOnly },
  'POST /api/v1/admin/award-imports': { expect: adminOnly },
  'GET /api/v1/admin/award-imports/:importId': { expect: adminOnly },
  'POST /api/v1/admin/awards/:publicId/revoke': { expect: adminOnly },
  'POST /api/v1/admin/awards/:publicId/suspend': { expect: adminOnly },
  'POST /api/v1/admin/awards/:publicId/lift-suspension': { expect: adminOnly },
  'GET /api/v1/me/awards': { expect: signedIn },
  'PUT /api/v1/me/awards/:publicId/privacy': { expect: badgeHolder },
  'GET /api/v1/me/awards/:publicId/renewal': { expect: badgeHolder },
  'POST /api/v1/me/awards/:publicId/renewal': { expect: badgeHolder },
  'GET /api/v1/verify': { expect: everyone },
  'POST /api/v1/verify': { expect: everyone },
  'POST /api/v1/verify/batch': { expect: everyone },
  'GET /api/v1/admin/attendance/sessions': { expect: adminOnly },
  'POST /api/v1/admin/attendance/sessions/:moduleId/sync': { expect: adminOnly },
  'GET /api/v1/authoring/courses/:slug/live-sessions/:moduleId/unmatched': { expect: courseStaff },
  'POST /api/v1/authoring/courses/:slug/live-sessions/:moduleId/unmatched/resolve': {
    expect: courseStaff,
  },
  'POST /api/v1/authoring/courses/:slug/live-sessions/:moduleId/attendance-imports': {
    expect: courseStaff,
  },
  'POST /api/v1/admin/integrations': { expect: adminOnly },
  'GET /api/v1/admin/integrations': { expect: adminOnly },
  'POST /api/v1/admin/integrations/:id/registrations-import': { expect: adminOnly },
  'GET /api/v1/auth/csrf': { expect: everyone },
  'POST /api/v1/auth/register': { expect: everyone },
  'POST /api/v1/auth/login': { expect: everyone },
  'POST /api/v1/auth/logout': { expect: everyone, freshSession: true },
  'POST /api/v1/auth/password-reset': { expect: everyone },
  'POST /api/v1/auth/password-reset/confirm': { expect: everyone },
  'GET /api/v1/me': { expect: signedIn },
  'PATCH /api/v1/me': { expect: signedIn },
  'POST /api/v1/me/email': { expect: signedIn },
  'POST /api/v1/me/email-confirmation': { expect: signedIn },
  'POST /api/v1/auth/email-confirmation': { expect: everyone },
  'POST /api/v1/auth/login/2fa': { expect: everyone },
  'POST /api/v1/me/2fa': { expect: signedIn },
  'POST /api/v1/me/2fa/confirm': { expect: signedIn },
  'POST /api/v1/admin/users/:id/2fa/reset': { expect: adminOnly },
  'POST /api/v1/admin/users/:id/disable': { expect: adminOnly },
  'POST /api/v1/admin/users/:id/enable': { expect: adminOnly },
  'POST /courses/:slug/unenroll': { expect: signedIn, last: true },
  'POST /admin/badges/keys/:kid/compromised': { expect: adminOnly, last: true },
  'DELETE /api/v1/me/enrollments/:courseSlug': { expect: signedIn, last: true },
  'POST /api/v1/admin/keys/:kid/compromised': { expect: adminOnly, last: true },
  'POST /api/v1/authoring/courses/:slug/archive': { expect: courseStaff, last: true },
};
