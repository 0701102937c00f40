// Every namespace's words, bundled at build time (no file reads at run time, typed from English).
import en_common from './locales/en/common.json';
import en_errors from './locales/en/errors.json';
import en_accounts from './locales/en/accounts.json';
import en_catalog from './locales/en/catalog.json';
import en_learning from './locales/en/learning.json';
import en_authoring from './locales/en/authoring.json';
import en_badges from './locales/en/badges.json';
import en_verify from './locales/en/verify.json';
import en_attendance from './locales/en/attendance.json';
import en_admin from './locales/en/admin.json';
import en_emails from './locales/en/emails.json';
import en_certificate from './locales/en/certificate.json';
import es_common from './locales/es/common.json';
import es_errors from './locales/es/errors.json';
import es_accounts from './locales/es/accounts.json';
import es_catalog from './locales/es/catalog.json';
import es_learning from './locales/es/learning.json';
import es_authoring from './locales/es/authoring.json';
import es_badges from './locales/es/badges.json';
import es_verify from './locales/es/verify.json';
import es_attendance from './locales/es/attendance.json';
import es_admin from './locales/es/admin.json';
import es_emails from './locales/es/emails.json';
import es_certificate from './locales/es/certificate.json';
import pt_common from './locales/pt/common.json';
import pt_errors from './locales/pt/errors.json';
import pt_accounts from './locales/pt/accounts.json';
import pt_catalog from './locales/pt/catalog.json';
import pt_learning from './locales/pt/learning.json';
import pt_authoring from './locales/pt/authoring.json';
import pt_badges from './locales/pt/badges.json';
import pt_verify from './locales/pt/verify.json';
import pt_attendance from './locales/pt/attendance.json';
import pt_admin from './locales/pt/admin.json';
import pt_emails from './locales/pt/emails.json';
import pt_certificate from './locales/pt/certificate.json';

export const namespaces = [
  'common',
  'errors',
  'accounts',
  'catalog',
  'learning',
  'authoring',
  'badges',
  'verify',
  'attendance',
  'admin',
  'emails',
  'certificate',
] as const;

const en = {
  common: en_common,
  errors: en_errors,
  accounts: en_accounts,
  catalog: en_catalog,
  learning: en_learning,
  authoring: en_authoring,
  badges: en_badges,
  verify: en_verify,
  attendance: en_attendance,
  admin: en_admin,
  emails: en_emails,
  certificate: en_certificate,
};
const es = {
  common: es_common,
  errors: es_errors,
  accounts: es_accounts,
  catalog: es_catalog,
  learning: es_learning,
  authoring: es_authoring,
  badges: es_badges,
  verify: es_verify,
  attendance: es_attendance,
  admin: es_admin,
  emails: es_emails,
  certificate: es_certificate,
};
const pt = {
  common: pt_common,
  errors: pt_errors,
  accounts: pt_accounts,
  catalog: pt_catalog,
  learning: pt_learning,
  authoring: pt_authoring,
  badges: pt_badges,
  verify: pt_verify,
  attendance: pt_attendance,
  admin: pt_admin,
  emails: pt_emails,
  certificate: pt_certificate,
};

export type EnglishResources = typeof en;

/** es and pt must have every key en has: the missing-key test compares them. */
export const resources = { en, es, pt } as const;
