// Benchmark: catalog search at BENCH_SCALE × today's catalog (default 100×: 1,100 published
// courses, each titled and summarised in three languages). Two figures, each against a floor
// measured in the same run:
// - a search (words, filters, cards in the reader's language) against the plain listing of the
//   same cached catalog (no words, no filter): what the words and filters cost per request;
// - rebuilding the in-process index against reading the same courses from the store: what the
//   index adds to the catalog's ten-second refresh.
import { Types } from 'mongoose';
import { forgetCatalogListings, searchCourses } from '../courses/catalog/catalog.service';
import { CourseModel } from '../courses/catalog/course.model';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { closeStores, connectStores } from '../server/bootstrap';
import { demoCourses } from '../server/demo-data';
import { median, timed } from './sampling';

const ms = (seconds: number) => `${(seconds * 1000).toFixed(2)} ms`;

const searches = [
  { q: 'rpki' },
  { q: 'fundamentos ipv6' },
  { q: 'gestion de redes', language: 'es' as const },
  { q: 'dnssek' },
  { q: 'krill', level: 'advanced' as const },
  { topic: 'bgp' as const, format: 'live' as const, sort: 'shortest' as const },
  { q: 'interconexao transito peering' },
  { q: 'zzqxv' },
];

export async function benchCatalogSearch(): Promise<
  Array<{ name: string; seconds: number; ratio: number }>
> {
  const scale = Number(process.env.BENCH_SCALE ?? 100);
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    MONGODB_DB: `bench_search_${process.pid}`,
    REDIS_PREFIX: `bench-search-${process.pid}`,
  });
  const context = await connectStores(config, createLogger(config));
  try {
    const copies = Math.max(1, Math.round(scale));
    const courses = Array.from({ length: copies }, (_, copy) =>
      demoCourses.map((seed) => {
        const content = {
          title: `${seed.title} ${copy}`,
          summary: seed.summary,
          description: seed.description,
          language: seed.language,
          translations: seed.translations,
          hours: seed.hours,
          topics: seed.topics,
          modules: seed.modules.map((module) => ({
            _id: new Types.ObjectId(),
            kind: module.kind === 'live_session' ? 'lesson' : module.kind,
            title: module.title,
            minutes: module.minutes,
          })),
        };
        return {
          slug: `${seed.slug}-${copy}`,
          status: 'published',
          instructors: [],
          version: 1,
          publishedAt: new Date(Date.now() - copy * 60_000),
          draft: content,
          ...content,
        };
      }),
    ).flat();
    await CourseModel.insertMany(courses, { lean: true });
    process.stderr.write(`catalog search over ${courses.length} courses\n`);

    // Index rebuild vs the store read it starts from.
    const reads: number[] = [];
    for (let i = 0; i < 5; i += 1)
      reads.push(
        await timed(() =>
          CourseModel.find({ status: 'published' })
            .select(
              'slug title summary language hours topics translations publishedAt modules.kind',
            )
            .lean(),
        ),
      );
    const read = median(reads);
    const rebuilds: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      forgetCatalogListings();
      rebuilds.push(await timed(() => searchCourses({}, 'en')));
    }
    const rebuild = median(rebuilds);

    // Per request, with the catalog in memory (as between two refreshes).
    const rounds = 30;
    const listing: number[] = [];
    const searching: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      listing.push(await timed(() => searchCourses({}, 'es')));
      const input = searches[round % searches.length]!;
      searching.push(await timed(() => searchCourses(input, 'es')));
    }
    const list = median(listing);
    const search = median(searching);
    return [
      {
        name: `search (${searches.length} kinds of question; ${ms(search)}), floor: plain listing`,
        seconds: search,
        ratio: search / list,
      },
      {
        name: `plain listing of the cached catalog (${ms(list)}; the floor)`,
        seconds: list,
        ratio: 1,
      },
      {
        name: `index rebuild, ${courses.length} courses (${ms(rebuild)}), floor: reading (${ms(read)})`,
        seconds: rebuild,
        ratio: rebuild / read,
      },
    ];
  } finally {
    await CourseModel.db.dropDatabase().catch(() => {});
    await closeStores(context);
  }
}
