// The import boundaries of ARCHITECTURE.md, checked by `npm run lint` (and so by CI).
// Rooms: platform/ (the kernel) and i18n/ (ground) import no component; a component reaches
// another only through its index.ts, which exports use cases and read queries, never models;
// server/ is the composition root and may import every component's index, whose manifest (models,
// jobs, subscriptions, migrations) it builds the processes from. No cycles anywhere.
const components =
  'accounts|admin|attendance|badges|courses|mail|notifications|registrations|openbadges-api';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A cycle means neither side can change or be tested alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'kernel-imports-no-component',
      comment: 'platform/ is what every component stands on; it may not stand on them.',
      severity: 'error',
      from: { path: '^platform/' },
      to: { path: `^(${components}|server)/` },
    },
    {
      name: 'i18n-is-ground',
      comment: 'Words and formats: i18n/ imports nothing of the campus.',
      severity: 'error',
      from: { path: '^i18n/' },
      to: { path: `^(${components}|server|platform)/` },
    },
    {
      name: 'components-only-through-index',
      comment: "Another component's files are its own business: use what its index.ts exports.",
      severity: 'error',
      from: { path: `^(${components})/` },
      to: { path: `^(${components})/`, pathNot: ['^$1/', `^(${components})/index\\.ts$`] },
    },
    {
      name: 'composition-root-only-through-index',
      comment: 'server/ assembles components from what their index.ts exports.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: `^(${components})/`, pathNot: `^(${components})/index\\.ts$` },
    },
    {
      name: 'index-exports-no-model',
      comment: 'A table has one writer: other components ask it through use cases and queries.',
      severity: 'error',
      from: { path: `^(${components})/index\\.ts$` },
      to: { path: '\\.model\\.ts$' },
    },
    {
      name: 'components-import-no-server',
      comment: 'The composition root sits on top: nothing imports it.',
      severity: 'error',
      from: { path: `^(${components}|platform|i18n)/` },
      to: { path: '^server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|test|bench|scripts|tools)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    moduleSystems: ['es6', 'cjs'],
  },
};
