import type { FindingMessages } from './finding-messages-en.ts';
import { findingMessagesEn } from './finding-messages-en.ts';
import { findingMessagesEs } from './finding-messages-es.ts';

/**
 * Every language the findings are explained in. A language is one catalogue file and one
 * line here: alerts store keys and parameters, so no migration or code change is needed.
 */
export const FINDING_CATALOGUES: Record<string, FindingMessages> = {
  en: findingMessagesEn,
  es: findingMessagesEs,
};
