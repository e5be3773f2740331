/**
 * CSV cells a spreadsheet would run as a formula (METHODS.md, "De-identified export"; OWASP
 * "CSV Injection"): a text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
 * return gets a leading `'`. Numbers are written as numbers and never pass through here.
 */
export function guardCsvText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
