// Which way imports go (CONTRIBUTING.md): each lib imports only the libs below it, a service
// imports libs and never another service, production code never imports the test kit.
// Run by `npm run check:imports`, and by infra/test/import-direction.test.ts under `npm test`.

/** The libs each lib may import; anything else under libs/ is forbidden to it. */
const ALLOWED = {
  platform: [],
  db: ['platform'],
  jobs: ['platform', 'db'],
  migrations: ['platform', 'db', 'jobs'],
  events: ['platform', 'db'],
  billing: ['platform', 'db'],
  screening: ['platform', 'db'],
  'bot-runtime': ['platform', 'db', 'jobs', 'migrations', 'events', 'billing'],
  ai: ['platform', 'db', 'jobs', 'events', 'billing', 'screening', 'bot-runtime'],
  'local-nats': ['platform'],
  'local-postgres': [],
  'local-bot-api': [],
};

const layerRules = Object.entries(ALLOWED).map(([lib, allowed]) => ({
  name: `lib-${lib}-imports-only-${allowed.length ? allowed.join('-') : 'nothing-of-ours'}`,
  severity: 'error',
  comment: `libs/${lib} may import ${allowed.length ? allowed.map((l) => `libs/${l}`).join(', ') : 'no other lib'} (CONTRIBUTING.md)`,
  from: { path: `^libs/${lib}/src/`, pathNot: `^libs/${lib}/src/testing/` },
  to: {
    path: '^libs/([^/]+)/',
    pathNot: [`^libs/(${[lib, ...allowed].join('|')})/`],
  },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-service-imports-another-service',
      severity: 'error',
      comment: 'a service is deployed alone: what two services need belongs in a lib',
      from: { path: '^services/([^/]+)/src/' },
      to: { path: '^services/([^/]+)/', pathNot: '^services/$1/' },
    },
    {
      name: 'service-tests-use-another-service',
      severity: 'error',
      comment:
        "a service's tests start that service alone: a story of several bots goes in tests/several-bots, one of the whole platform in e2e/",
      from: { path: '^services/([^/]+)/test/' },
      to: { path: '^services/([^/]+)/', pathNot: '^services/$1/' },
    },
    {
      name: 'no-lib-imports-a-service',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^services/' },
    },
    {
      name: 'production-code-never-imports-the-test-kit',
      severity: 'error',
      comment: 'libs/testkit is for tests and the benchmark only',
      from: { path: '^(libs|services)/[^/]+/src/', pathNot: ['^libs/testkit/', '/src/testing/'] },
      to: { path: '^libs/testkit/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '/dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
    },
  },
};
