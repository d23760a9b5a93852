const config = require('@backstage/cli/config/eslint-factory')(__dirname);

// Test code outside the factory's fixed test patterns (*.test.*, __testUtils__, …): the
// reliability suite (*.reliability.ts, run by its own jest testMatch) with its harness, and the
// helpers under src/testing/. No production module imports them. They get the factory's rules
// for test files; and their imports are devDependencies, which @backstage/no-undeclared-imports
// (it has no options and only knows its own patterns) would otherwise demand as dependencies.
const testFileRules = config.overrides.find(o =>
  o.files.includes('**/*.test.*'),
).rules;

module.exports = {
  ...config,
  overrides: [
    ...config.overrides,
    {
      files: ['src/reliability/**', 'src/testing/**'],
      rules: {
        ...testFileRules,
        '@backstage/no-undeclared-imports': 'off',
      },
    },
  ],
};
