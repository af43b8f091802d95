// ESLint flat config: typescript-eslint `recommended` (syntax only, not type-checked, to stay fast).
// `npm run lint:code` runs it, then `prettier --check .`.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'src/generated/',
      'dist/',
      'docs/',
      'coverage/',
      'node_modules/',
      'test/artifacts/',
      'examples/**/dist/',
      'examples/**/.next/',
      'examples/**/out/',
    ],
  },
  tseslint.configs.recommended,
  {
    rules: {
      // A leading `_` marks a deliberately unused binding: a key dropped by rest destructuring, a callback parameter.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `interface Name extends Generated {}` gives a generated schema a documented public name;
      // `Paths extends {}` mirrors openapi-fetch's own constraint on `Client<Paths>`.
      '@typescript-eslint/no-empty-object-type': [
        'error',
        { allowInterfaces: 'with-single-extends', allowObjectTypes: 'always' },
      ],
      // A `let` read by closures before its one assignment stays `let`: as `const` those reads would hit the TDZ.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['test/**'],
    rules: {
      // Tests feed hostile, malformed and partial documents on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
