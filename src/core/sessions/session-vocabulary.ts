/**
 * A session's attendance and modality: the one list for the database types, the API
 * schemas and the web forms; plain data the web app may import.
 */
export const ATTENDANCE_STATES = ['scheduled', 'attended', 'cancelled', 'no-show'] as const;
export type Attendance = (typeof ATTENDANCE_STATES)[number];

export const SESSION_MODALITIES = ['in-person', 'video', 'phone'] as const;
export type Modality = (typeof SESSION_MODALITIES)[number];
