export { IngestProblems } from './IngestProblems';
