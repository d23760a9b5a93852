/**
 * Mirth Connect / NextGen Connect monitoring source for the healthcare integration
 * governance backend.
 *
 * @packageDocumentation
 */
export { healthcareIntegrationModuleMirth as default } from './module';
export { MIRTH_CHANNEL_ANNOTATION, MirthSource } from './MirthSource';
export {
  MirthClient,
  parseChannelStatistics,
  type ChannelStatistics,
  type MirthEngineConfig,
} from './MirthClient';
