// Input schemas shared by the pages, the JSON API and the OpenAPI document.
import { z } from 'zod';
import type { MessageKey } from '../i18n';
import { canonicalTimeZone, isTimeZone, supportedLanguages } from '../i18n';
import { emailField, translationsInput } from '../platform/validation';
import { containsEmailName, isCommonPassword } from './password-policy';

// One email rule for every component: it lives in platform so others need not import accounts.
export { emailField };

/**
 * NIST 800-63B style: length over composition rules, plus obvious-guess checks (repetitive, or on
 * the common-passwords list). Whether it contains the email is checked where the email is known.
 */
export const newPasswordField = z
  .string({ error: 'accounts:validation.choosePassword' })
  .min(10, 'accounts:validation.passwordShort')
  .max(128, 'accounts:validation.passwordLong')
  .refine((password) => new Set(password).size >= 5, 'accounts:validation.passwordRepetitive')
  .refine((password) => !isCommonPassword(password), 'accounts:validation.passwordCommon');

const nameField = (messages: { missing: MessageKey; tooLong: MessageKey }) =>
  z.string({ error: messages.missing }).trim().min(1, messages.missing).max(120, messages.tooLong);
const personName = nameField({
  missing: 'accounts:validation.enterName',
  tooLong: 'accounts:validation.nameLong',
});
const certificateName = nameField({
  missing: 'accounts:validation.enterCertificateName',
  tooLong: 'accounts:validation.certificateNameLong',
});

export const languageField = z.enum(supportedLanguages, {
  error: 'accounts:validation.chooseLanguage',
});

export const registerInput = z
  .object({
    email: emailField,
    displayName: personName,
    password: newPasswordField,
    language: languageField.optional(),
  })
  .refine((input) => !containsEmailName(input.password, input.email), {
    path: ['password'],
    message: 'accounts:validation.passwordHasEmail',
  });
export type RegisterInput = z.infer<typeof registerInput>;

export const loginInput = z.object({
  email: emailField,
  password: z
    .string({ error: 'accounts:validation.enterPassword' })
    .min(1, 'accounts:validation.enterPassword')
    .max(1024),
});

export const passwordResetRequestInput = z.object({ email: emailField });

export const passwordResetInput = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'accounts:validation.resetLinkInvalid'),
  password: newPasswordField,
});

/** A zone from the list (IANA), or '' for "my browser's"; stored as Intl spells it. */
const timeZoneField = z.preprocess(
  (value) => (value === '' ? null : value),
  z
    .string()
    .refine(isTimeZone, { error: 'accounts:validation.timeZone' })
    .transform((zone) => canonicalTimeZone(zone)!)
    .nullable()
    .optional(),
);

export const profileInput = z.object({
  displayName: personName,
  certificateName,
  language: languageField,
  timeZone: timeZoneField,
});
export type ProfileInput = z.infer<typeof profileInput>;

/** The owner moves the account to another address: their current password, then a link there. */
export const emailChangeInput = z.object({
  email: emailField,
  currentPassword: z
    .string({ error: 'accounts:validation.enterPassword' })
    .min(1, 'accounts:validation.enterPassword')
    .max(1024),
});

export const emailConfirmationInput = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'errors:accounts.confirmLinkExpiredField'),
});

const optionalText = (max: number) =>
  z.string().trim().max(max, 'errors:validation.tooLong').optional().default('');

/** An instructor's public profile: what students read beside their courses. */
export const instructorProfileInput = z.object({
  headline: optionalText(120),
  bio: optionalText(2000),
  language: languageField,
  translations: translationsInput({ headline: optionalText(120), bio: optionalText(2000) }),
});
export type InstructorProfileInput = z.infer<typeof instructorProfileInput>;
