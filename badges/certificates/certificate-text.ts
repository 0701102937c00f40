// The certificate's fixed words in the campus's three languages; the student's profile language
// picks them. (Issue 6 brings the whole interface under i18next; these move there with it.)
import type { Language } from '../../server/config';

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
}

export const certificateText: Record<Language, CertificateText> = {
  en: {
    locale: 'en-GB',
    title: 'Certificate of Achievement',
    certifiesThat: 'This certifies that',
    hasEarned: 'has earned',
    coursesCompleted: (courses, hours) =>
      `${courses} ${courses === 1 ? 'course' : 'courses'} completed · ${hours} hours of training`,
    completedOn: (date) => `completed ${date}`,
    hours: (hours) => `${hours} h`,
    issued: (date) => `Issued ${date}`,
    validUntil: (date) => `valid until ${date}`,
    verify: 'Verify at',
    certificate: 'Credential id',
  },
  es: {
    locale: 'es',
    title: 'Certificado de Logro',
    certifiesThat: 'Se certifica que',
    hasEarned: 'ha obtenido',
    coursesCompleted: (courses, hours) =>
      `${courses} ${courses === 1 ? 'curso completado' : 'cursos completados'} · ${hours} horas de formación`,
    completedOn: (date) => `completado el ${date}`,
    hours: (hours) => `${hours} h`,
    issued: (date) => `Emitido el ${date}`,
    validUntil: (date) => `válido hasta el ${date}`,
    verify: 'Verificar en',
    certificate: 'Id. de credencial',
  },
  pt: {
    locale: 'pt-BR',
    title: 'Certificado de Conquista',
    certifiesThat: 'Certificamos que',
    hasEarned: 'obteve',
    coursesCompleted: (courses, hours) =>
      `${courses} ${courses === 1 ? 'curso concluído' : 'cursos concluídos'} · ${hours} horas de formação`,
    completedOn: (date) => `concluído em ${date}`,
    hours: (hours) => `${hours} h`,
    issued: (date) => `Emitido em ${date}`,
    validUntil: (date) => `válido até ${date}`,
    verify: 'Verifique em',
    certificate: 'Id. da credencial',
  },
};
