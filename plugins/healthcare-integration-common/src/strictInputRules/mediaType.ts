import { z } from 'zod';

/** RFC 6838 §4.2 restricted-name: starts with a letter or digit, up to 127 characters. */
const RESTRICTED_NAME = '[a-z0-9][a-z0-9!#$&^_.+-]{0,126}';
const MEDIA_TYPE = new RegExp(`^${RESTRICTED_NAME}/${RESTRICTED_NAME}$`);

/**
 * A media type `type/subtype` (RFC 6838 restricted names), lower-cased. It is sent back as the
 * Content-Type of the download: `../..`, empty parts or parameters (`text/html; charset=…`,
 * which could smuggle header content) are refused rather than passed on.
 */
export function mediaType() {
  return z
    .string()
    .trim()
    .toLowerCase()
    .max(255, { message: 'must be at most 255 characters' })
    .regex(MEDIA_TYPE, {
      message:
        'must be a media type, e.g. application/pdf (type/subtype per RFC 6838, no parameters)',
    });
}
