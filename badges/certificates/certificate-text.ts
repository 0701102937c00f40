// The certificate's fixed words in the student's profile language, from the `certificate`
// namespace of the campus's translations. The renderer takes them ready-made, so it knows
// nothing of i18next.
import { localeOf, translatorFor } from '../../i18n';
import type { Language } from '../../i18n';

export interface CertificateText {
  locale: string;
  title: string;
  certifiesThat: string;
  hasEarned: string;
  coursesCompleted: (courses: number, hours: number) => string;
  completedOn: (date: string) => string;
  hours: (hours: number) => string;
  issued: (date: string) => string;
  validUntil: (date: string) => string;
  verify: string;
  certificate: string;
  /** A level's name (basic, intermediate, advanced) or, for null, all levels of a specialization. */
  level: (key: string | null) => string;
}

export function certificateTextFor(language: Language): CertificateText {
  const t = translatorFor(language);
  return {
    locale: localeOf[language],
    title: t('certificate:title'),
    certifiesThat: t('certificate:certifiesThat'),
    hasEarned: t('certificate:hasEarned'),
    coursesCompleted: (count, hours) => t('certificate:coursesCompleted', { count, hours }),
    completedOn: (date) => t('certificate:completedOn', { date }),
    hours: (hours) => t('certificate:hours', { hours }),
    issued: (date) => t('certificate:issued', { date }),
    validUntil: (date) => t('certificate:validUntil', { date }),
    verify: t('certificate:verify'),
    certificate: t('certificate:credentialId'),
    level: (key) =>
      key ? t(`common:levels.${key}` as 'common:levels.basic') : t('badges:wholeSpecialization'),
  };
}
