/**
 * Why a questionnaire request was made: after an attended session, or when the case was
 * closed (the plan's end-of-care forms, asked against its last attended session).
 */
export const REQUEST_OCCASIONS = ['session', 'end-of-care'] as const;
export type RequestOccasion = (typeof REQUEST_OCCASIONS)[number];
