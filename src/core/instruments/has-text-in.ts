/**
 * Whether a form has its text in a language tag, or in its base language (es for es-MX), as
 * the questionnaire picks it; otherwise the respondent sees the form as published.
 */
export function hasTextIn(languages: readonly string[], tag: string): boolean {
  return languages.includes(tag) || languages.includes(tag.split('-')[0]!);
}
