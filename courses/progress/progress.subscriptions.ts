// Attendance recorded by the attendance component becomes module progress here.
// A projection credits it: in the publisher's process and awaited, so a sync has written the
// progress before it marks the session synced, and the instructor's reconciliation page shows
// the result at once (as when attendance wrote the rows itself). A reaction then checks the
// course completions: that may cascade to levels and badges, work a 1,000-person webinar's sync
// should not wait for.
import { projection, reaction } from '../../platform/event-bus';
import {
  checkCompletionsAfterAttendance,
  creditRecordedAttendance,
} from './attendance-credit.service';

export const progressSubscriptions = [
  projection('attendance.recorded', 'credit-attendance', (data) => creditRecordedAttendance(data)),
  reaction(
    'attendance.recorded',
    'check-course-completions',
    async (data, { logger, services }) => {
      const added = await checkCompletionsAfterAttendance(services, data);
      logger.info(
        { courseId: data.courseId, added },
        'course completions checked after attendance',
      );
    },
    {
      options: {
        attempts: 5,
        backoff: { type: 'exponential', delay: 5000 },
        removeOnComplete: 1000,
      },
    },
  ),
];
