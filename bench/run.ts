// `npm run bench`: every benchmark, each reported as seconds and as a ratio to a floor measured
// in the same run (machines here vary by ±30% from run to run; ratios hold).
import { benchAttendanceSync } from './attendance-sync.bench';

async function main() {
  const results = await benchAttendanceSync();
  console.log('\nattendance sync');
  for (const result of results)
    console.log(
      `  ${result.name.padEnd(70)} ${result.seconds.toFixed(2).padStart(7)} s  ×${result.ratio.toFixed(1)}`,
    );
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
