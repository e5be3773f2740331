/**
 * The one password of every demo account, printed by `rapport demo`. The demo is a
 * synthetic practice on a local file; it runs in password-only mode with the warning banner.
 */
export const DEMO_PASSWORD = 'harmonybridge-demo';
