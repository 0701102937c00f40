export { enrollmentPages } from './enrollment.routes';
export { enrollmentApi } from './enrollment.api';
export { isEnrolled, listEnrolledCourses } from './enrollment.service';
