// The languages the campus speaks. Here, not in the config, so i18n imports nothing of the kernel.
export const languages = ['en', 'es', 'pt'] as const;
export type Language = (typeof languages)[number];
export const supportedLanguages: readonly Language[] = languages;
