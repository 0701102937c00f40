export { openBadgesApiComponent } from './manifest';
