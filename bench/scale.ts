/**
 * The benchmark's scale: hospital-network sizes at BENCH_SCALE=1 (the targets assume it),
 * fractions for a quick look. PG is the PostgreSQL server to run against, when set.
 */
export const SCALE = Number(process.env.BENCH_SCALE ?? 1);
export const N_INTEGRATIONS = Math.round(10_000 * SCALE);
export const N_EVIDENCE = Math.round(100_000 * SCALE);
export const N_AUDIT = Math.round(1_000_000 * SCALE);
export const N_MONITORING = Math.round(1_000_000 * SCALE);
export const HOT_CHAIN = 10_000; // events on the one integration whose chain is verified and exported
export const PG =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
