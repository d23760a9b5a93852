const config = require('@backstage/cli/config/eslint-factory')(__dirname);

// The helpers under src/testing/ are test code outside the factory's fixed test patterns
// (*.test.*, __testUtils__, …); no production module imports them. They get the factory's
// rules for test files; and their imports are devDependencies, which
// @backstage/no-undeclared-imports (it has no options and only knows its own patterns) would
// otherwise demand as dependencies.
const testFileRules = config.overrides.find(o =>
  o.files.includes('**/*.test.*'),
).rules;

module.exports = {
  ...config,
  overrides: [
    ...config.overrides,
    {
      files: ['src/testing/**'],
      rules: {
        ...testFileRules,
        '@backstage/no-undeclared-imports': 'off',
      },
    },
  ],
};
