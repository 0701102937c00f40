// `npm run seed:scale`: loads SCALE × the modelled campus (100 by default: 100,000 students,
// 500,000 enrolments, ~2,000,000 module progress rows, 50,000 awards, 300 live sessions with
// attendance) into the database the campus runs on (MONGODB_URI, MONGODB_DB), with a progress
// bar per collection, so the benchmarks and a person can try the campus at that size. The
// generated students cannot log in (their password hashes match no password). Refuses to run in
// production, and twice into the same database.
import { runProcess, closeStores, connectStores } from '../server/bootstrap';
import { SpecializationModel } from '../courses/catalog/specialization.model';
import { generateScaleCampus } from './scale-data';

if (require.main === module) {
  runProcess('campus seed:scale', async (config, logger) => {
    if (config.isProduction) throw new Error('the scale data is for benchmarks, not production');
    const scale = Number(process.env.SCALE ?? 100);
    if (!(scale > 0))
      throw new Error(`SCALE must be a positive number (got "${process.env.SCALE}")`);
    const context = await connectStores(config, logger);
    try {
      if (await SpecializationModel.exists({ slug: 'scale-spec' }))
        throw new Error(
          `the scale data is already in database "${config.mongodbDb}": use another MONGODB_DB or drop it first`,
        );
      const started = Date.now();
      process.stderr.write(`Loading ${scale}× the campus into "${config.mongodbDb}"\n`);
      const counts = await generateScaleCampus(scale);
      console.log(
        `Loaded in ${((Date.now() - started) / 1000).toFixed(0)} s: ${Object.entries(counts)
          .map(([what, count]) => `${count.toLocaleString('en')} ${what}`)
          .join(', ')}`,
      );
    } finally {
      await closeStores(context);
    }
  });
}
