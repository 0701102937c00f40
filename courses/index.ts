export { catalogPages } from './catalog/catalog.routes';
export { catalogApi } from './catalog/catalog.api';
export { CourseModel } from './catalog/course.model';
export { SpecializationModel } from './catalog/specialization.model';
export { topics, topicKeys, levelKeys, type LevelKey, type Topic } from './catalog/topics';
export * as catalogSchemas from './catalog/catalog.schemas';
export { enrollmentPages, enrollmentApi, EnrollmentModel } from './enrollment';
