// Lint: TypeScript syntax plus the one structural rule that matters most, the import direction of DESIGN.md:
// domain ← app ← {adapters, http, worker} ← main; cli/web → client. A wrong import fails `npm test`.
import tseslint from 'typescript-eslint';

const zone = (files, forbidden, why) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message: why })) }],
  },
});

const OUTER = ['**/adapters/**', '**/http/**', '**/worker/**', '**/main.ts', '**/config/**'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'web/dist/**', 'test-output/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  zone(['src/domain/**/*.ts'], ['**/app/**', ...OUTER, 'fastify', 'kysely', 'pg', 'better-sqlite3', '@kubernetes/*', 'prom-client', 'node:fs', 'node:http', 'node:net'],
    'src/domain is pure: no I/O and nothing from outer layers'),
  zone(['src/app/**/*.ts'], [...OUTER, 'fastify', 'kysely', 'pg', 'better-sqlite3', '@kubernetes/*', 'prom-client'],
    'src/app depends only on src/domain and its ports'),
  zone(['src/adapters/**/*.ts'], ['**/http/**', '**/worker/**', '**/main.ts', 'fastify'],
    'adapters implement ports; they never reach into http or worker'),
  zone(['src/worker/**/*.ts'], ['**/http/**', '**/adapters/**', '**/main.ts', 'fastify'],
    'the worker runs use cases through ports only'),
  zone(['src/http/**/*.ts'], ['**/adapters/**', '**/worker/**', '**/main.ts'],
    'http calls use cases; adapters are wired in main.ts'),
  zone(['cli/**/*.ts', 'web/**/*.ts', 'web/**/*.tsx'], ['**/src/**'], 'the CLI and UI speak to the server only through client/'),
  {
    files: ['cli/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', '**/*.test.ts'],
    rules: { 'no-console': 'off' },
  },
);
