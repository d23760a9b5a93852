// The organisation and intake fixtures live in the -node package so that modules' tests use
// the same ones; re-exported here for the backend's own tests.
export * from '@hcig/backstage-plugin-healthcare-integration-node/testUtils';
