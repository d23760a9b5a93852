/**
 * Strict zod builders for every string the API stores or renders. A governance record is
 * evidence: what a reviewer reads must be what was sent, so text that hides or reorders what it
 * shows, dates that do not exist, bytes that are not what the hash covers, and links that run
 * code are refused at the edge, with a message that names what is wrong. The module is shared
 * by the backend (Node) and the browser, so nothing here uses Node APIs such as Buffer. One file
 * per kind of input under `strictInput/`.
 */
export * from './strictInputRules/text';
export * from './strictInputRules/dates';
export * from './strictInputRules/base64';
export * from './strictInputRules/mediaType';
export * from './strictInputRules/urls';
