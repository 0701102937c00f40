// Input schemas shared by the pages, the JSON API and the OpenAPI document.
import { z } from 'zod';
import { supportedLanguages } from '../server/config';

export const emailField = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .max(254, 'Email addresses are at most 254 characters.')
  .pipe(z.email({ error: 'Enter a valid email address, like name@example.org.' }))
  .transform((email) => email.toLowerCase());

/** NIST 800-63B style: length over composition rules, plus an obvious-guess check. */
export const newPasswordField = z
  .string({ error: 'Choose a password.' })
  .min(10, 'Use at least 10 characters.')
  .max(128, 'Use at most 128 characters.')
  .refine((password) => new Set(password).size >= 5, 'Use a less repetitive password.');

const nameField = (label: string) =>
  z
    .string({ error: `Enter your ${label}.` })
    .trim()
    .min(1, `Enter your ${label}.`)
    .max(120, `Your ${label} can be at most 120 characters.`);

export const languageField = z.enum(supportedLanguages, {
  error: 'Choose English, Español or Português.',
});

export const registerInput = z
  .object({
    email: emailField,
    displayName: nameField('name'),
    password: newPasswordField,
    language: languageField.optional(),
  })
  .refine((input) => !input.password.toLowerCase().includes(input.email.split('@')[0]!), {
    path: ['password'],
    message: 'Your password must not contain your email address.',
  });
export type RegisterInput = z.infer<typeof registerInput>;

export const loginInput = z.object({
  email: emailField,
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(1024),
});

export const passwordResetRequestInput = z.object({ email: emailField });

export const passwordResetInput = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'This reset link is not valid.'),
  password: newPasswordField,
});

export const profileInput = z.object({
  displayName: nameField('name'),
  certificateName: nameField('name for certificates'),
  language: languageField,
});
export type ProfileInput = z.infer<typeof profileInput>;
