// A quiz question in the reader's language. A question counts as translated once its prompt is;
// then each option comes from the translation where written and from the original elsewhere, so a
// half-translated question still reads whole (and never mixes languages in its prompt).
import { inReaderLanguage, languages, type Language, type ShownIn } from '../../i18n';

export interface QuestionTranslation {
  prompt?: string | null;
  /** By position: the original's option N is translated by options[N]. */
  options?: readonly string[] | null;
  acceptedAnswers?: readonly string[] | null;
}

export interface TranslatableQuestion {
  prompt: string;
  options: readonly { text: string }[];
  acceptedAnswers: readonly string[];
  translations?: Partial<Record<Language, QuestionTranslation | null | undefined>> | null;
}

export interface QuestionInReaderLanguage extends ShownIn {
  prompt: string;
  /** In the original's order. */
  options: string[];
  /** Short answers to show as correct: the reader's language's first, then the original's. */
  acceptedAnswers: string[];
}

export function questionInReaderLanguage(
  question: TranslatableQuestion,
  originalLanguage: string | null | undefined,
  reader: Language,
): QuestionInReaderLanguage {
  const prompt = inReaderLanguage(
    {
      prompt: question.prompt,
      language: originalLanguage,
      translations: question.translations as Partial<Record<Language, { prompt?: string | null }>>,
    },
    ['prompt'],
    reader,
  );
  const translation = prompt.contentLanguage === reader ? question.translations?.[reader] : null;
  return {
    prompt: prompt.prompt,
    options: question.options.map(({ text }, index) => {
      const written = translation?.options?.[index];
      return typeof written === 'string' && written.trim() ? written : text;
    }),
    acceptedAnswers: [
      ...new Set([...(translation?.acceptedAnswers ?? []), ...question.acceptedAnswers]),
    ],
    contentLanguage: prompt.contentLanguage,
  };
}

/** A short answer is right in the words of any language the question is written in. */
export function acceptedInAnyLanguage(question: TranslatableQuestion): string[] {
  const translated = languages.flatMap(
    (language) => question.translations?.[language]?.acceptedAnswers ?? [],
  );
  return [...new Set([...question.acceptedAnswers, ...translated])];
}
