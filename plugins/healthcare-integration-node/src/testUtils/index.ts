/**
 * Test fixtures shared by the backend plugin and its modules: a small organisation (users,
 * groups, role holders) and intake requests that the shipped policy accepts.
 *
 * @packageDocumentation
 */
export * from './fixtures';
