// The components the campus is built from. In this order their start-up migrations run and their
// pages and API operations are mounted (a component's own come in the order it lists them).
import { accountsComponent } from '../accounts';
import { adminComponent } from '../admin';
import { attendanceComponent } from '../attendance';
import { badgesComponent } from '../badges';
import { coursesComponent } from '../courses';
import { mailComponent } from '../mail';
import { notificationsComponent } from '../notifications';
import { openBadgesApiComponent } from '../openbadges-api';
import { registrationsComponent } from '../registrations';
import { AuditEntryModel } from '../platform/audit/audit-entry.model';
import type { ComponentManifest } from '../platform/component';
import { ReportCounterModel } from '../platform/counters';
import { DeferredJobModel } from '../platform/deferred-job.model';
import { MigrationModel } from '../platform/run-once';

export const components: readonly ComponentManifest[] = [
  coursesComponent,
  adminComponent,
  badgesComponent,
  attendanceComponent,
  registrationsComponent,
  accountsComponent,
  mailComponent,
  notificationsComponent,
  openBadgesApiComponent,
];

/** The kernel's own collections. */
const platformModels = [AuditEntryModel, ReportCounterModel, DeferredJobModel, MigrationModel];

export const allModels = [
  ...platformModels,
  ...components.flatMap((component) => component.models),
] as ComponentManifest['models'];

export const allSubscriptions = components.flatMap((component) => component.subscriptions);
