// Finding courses: words typed by a reader (title, summary, topics, instructor, in any of the
// campus's languages, accents and case ignored) and filters (topic, level, language, format).
//
// Why an in-process index (MiniSearch) rather than the database: MongoDB's $text has no prefix
// match and one language per index, and FerretDB v1 has no $text at all. The published catalog is
// small even at 100 times today's (about 1,000 courses, a few MB) and changes only when staff
// publish, so each web process keeps an index of it, rebuilt at most every 10 s and at once in
// the process that changed it. Figures: `npm run bench` (catalog search).
import MiniSearch from 'minisearch';
import type { Types } from 'mongoose';
import {
  foldForSearch,
  languages,
  translatorFor,
  withSynonyms,
  type Translations,
} from '../../i18n';
import type { CourseSearchInput } from './catalog.schemas';
import { CourseModel, type Course } from './course.model';
import type { LevelKey, Topic } from './topics';

/** A published course as the catalog lists it, in every language it is written in. */
export interface CatalogEntry {
  id: string;
  course: Course & { _id: Types.ObjectId };
  instructors: string[];
  hasLiveSessions: boolean;
  publishedAt: number;
}

export interface CatalogIndex {
  entries: Map<string, CatalogEntry>;
  /** Titles in order, so listing without words needs no sort per request. */
  search: MiniSearch<SearchDocument>;
}

interface SearchDocument {
  id: string;
  titles: string;
  summaries: string;
  topics: string;
  instructors: string;
}

/** A word as searched: folded, and dropped when a single letter (it would match everything). */
const searchTerm = (term: string) => {
  const folded = foldForSearch(term);
  return folded.length > 1 || /\d/.test(folded) ? folded : null;
};

const searchOptions = {
  fields: ['titles', 'summaries', 'topics', 'instructors'],
  storeFields: [] as string[],
  // A course is indexed under the synonyms of its words too, so a reader's word finds it.
  processTerm: (term: string) => {
    const folded = searchTerm(term);
    return folded ? [...withSynonyms(folded)] : null;
  },
  searchOptions: {
    processTerm: searchTerm,
    boost: { titles: 3, topics: 2, instructors: 2 },
    // At most two letters off, whatever the word's length: a long word never widens the search.
    maxFuzzy: 2,
    // "ipv" finds IPv6; a slip in a longer word ("segurity") still finds it.
    prefix: true,
    fuzzy: (term: string) => (term.length > 4 ? 0.2 : false),
    combineWith: 'AND' as const,
  },
};

/** Every text of a course a reader might type, in every language it is written in. */
function searchDocumentOf(entry: CatalogEntry): SearchDocument {
  const course = entry.course;
  const translations = (course.translations ?? {}) as Translations<'title' | 'summary'>;
  const inEveryLanguage = (field: 'title' | 'summary') =>
    [course[field], ...languages.map((language) => translations[language]?.[field] ?? '')].join(
      ' \n ',
    );
  return {
    id: entry.id,
    titles: inEveryLanguage('title'),
    summaries: inEveryLanguage('summary'),
    topics: (course.topics as Topic[])
      .flatMap((topic) =>
        languages.map((language) => translatorFor(language)(`common:topics.${topic}`)),
      )
      .join(' \n '),
    instructors: entry.instructors.join(' \n '),
  };
}

/** Reads every published course once and indexes it. */
export async function buildCatalogIndex(): Promise<CatalogIndex> {
  // Archived courses have left the catalog (their page stays, for those enrolled and old links).
  const courses = await CourseModel.find({ status: 'published', archivedAt: { $exists: false } })
    .select('slug title summary language hours topics translations image publishedAt modules.kind')
    .populate<{ instructors: { displayName: string }[] }>('instructors', 'displayName')
    .sort({ title: 1 })
    .lean();
  const entries = new Map<string, CatalogEntry>();
  for (const course of courses) {
    entries.set(String(course._id), {
      id: String(course._id),
      course: course as unknown as CatalogEntry['course'],
      // A deleted account leaves a hole in the list: skip it.
      instructors: (course.instructors ?? []).flatMap((instructor) =>
        instructor?.displayName ? [instructor.displayName] : [],
      ),
      hasLiveSessions: course.modules.some((module) => module.kind === 'live_session'),
      publishedAt: course.publishedAt?.getTime() ?? 0,
    });
  }
  const search = new MiniSearch<SearchDocument>(searchOptions);
  search.addAll([...entries.values()].map(searchDocumentOf));
  return { entries, search };
}

/** Where a course sits, as the filters need it: its level, or none (a stand-alone course). */
export type LevelOf = (courseId: string) => LevelKey | null;

/**
 * The entries the reader asked for, best first: with words, by relevance unless another order is
 * chosen; without, by the chosen order (title by default).
 */
export function findInCatalog(
  index: CatalogIndex,
  input: CourseSearchInput,
  levelOf: LevelOf,
  titleOf: (entry: CatalogEntry) => string,
): CatalogEntry[] {
  const words = input.q?.trim();
  const ranked = words
    ? index.search.search(words).map((hit) => index.entries.get(String(hit.id))!)
    : [...index.entries.values()];
  const kept = ranked.filter(
    (entry) =>
      (!input.topic || (entry.course.topics as string[]).includes(input.topic)) &&
      (!input.language || entry.course.language === input.language) &&
      (!input.format || (input.format === 'live') === entry.hasLiveSessions) &&
      (!input.level ||
        (input.level === 'standalone'
          ? levelOf(entry.id) === null
          : levelOf(entry.id) === input.level)),
  );
  const order = input.sort ?? (words ? 'relevance' : 'title');
  if (order === 'relevance') return kept;
  const collator = new Intl.Collator(undefined, { sensitivity: 'base' });
  const compare: Record<
    Exclude<typeof order, 'relevance'>,
    (a: CatalogEntry, b: CatalogEntry) => number
  > = {
    title: (a, b) => collator.compare(titleOf(a), titleOf(b)),
    shortest: (a, b) => a.course.hours - b.course.hours || collator.compare(titleOf(a), titleOf(b)),
    newest: (a, b) => b.publishedAt - a.publishedAt,
  };
  return kept.sort(compare[order]);
}

/**
 * When the words alone find nothing (a typo, a word the catalog does not use): close words it
 * knows, at most three. Nothing when the words do match but the filters rule them out.
 */
export function suggestWords(index: CatalogIndex, words: string): string[] {
  // A typo is in a word or two: a long question gets no suggestions (and costs no fuzzy scan).
  if (words.trim().split(/\s+/).length > 3 || index.search.search(words).length) return [];
  const typed = foldForSearch(words.trim());
  return index.search
    .autoSuggest(words, { fuzzy: 0.4, maxFuzzy: 2, prefix: false, combineWith: 'OR' })
    .map((suggestion) => suggestion.suggestion)
    .filter((suggestion) => suggestion !== typed)
    .slice(0, 3);
}
