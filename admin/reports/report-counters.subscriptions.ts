// What reports count from other components' events, as they happen. A projection: in the
// publisher's process, before its request answers, so the figures are current on the next page.
// Each publication is one change (a repeated enrolment is refused before it is announced), so a
// count is raised once; the nightly rebuild recounts from the sources anyway.
import { countEvent } from '../../platform/counters';
import { projection } from '../../platform/event-bus';

export const reportCounterSubscriptions = [
  projection('enrollment.changed', 'count-first-enrolments', async (change) => {
    if (change.change === 'enrolled' && change.first)
      await countEvent('enrolled', [change.courseId], new Date(change.at));
  }),
];
