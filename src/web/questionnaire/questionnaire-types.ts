/** What GET /api/public/questionnaire answers (see src/server/measurement/questionnaire.routes.ts). */
export interface FormOption {
  value: number;
  label: string;
}

export interface FormItem {
  id: string;
  type: 'choice' | 'text';
  text: string;
  required: boolean;
  enableWhen: { item: string; operator: '=' | '!='; value: number } | null;
  options: FormOption[];
}

export interface QuestionnaireForm {
  id: string;
  title: string;
  language: string;
  /** No text in the respondent's language: shown in `language`, and the page says so. */
  languageMissing: boolean;
  instructions: string | null;
  answered: boolean;
  items: FormItem[];
}

export interface QuestionnaireView {
  language: 'en' | 'es';
  storageKey: string;
  firstName: string | null;
  dataNotice: string | null;
  progress: { answered: number; total: number };
  forms: QuestionnaireForm[];
}

export type Answers = Record<string, number | string | null>;

export interface SubmissionReceipt {
  responseId: string;
  stored: boolean;
  requestCompleted: boolean;
  progress: { answered: number; total: number };
}
