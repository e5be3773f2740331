import { type FormEvent, useRef, useState } from 'react';
import { type PageLanguage, translate } from './questionnaire-strings.ts';
import type { Answers, FormItem, QuestionnaireForm } from '../../core/api/questionnaire.ts';

/** An item asked only when another answer allows it (e.g. "How far was it resolved?"). */
export function isShown(item: FormItem, answers: Answers): boolean {
  if (!item.enableWhen) return true;
  const other = answers[item.enableWhen.item];
  if (typeof other !== 'number') return false;
  return item.enableWhen.operator === '='
    ? other === item.enableWhen.value
    : other !== item.enableWhen.value;
}

/** The answers to send: hidden items left out, empty texts dropped. */
export function answersToSend(form: QuestionnaireForm, answers: Answers): Answers {
  const out: Answers = {};
  for (const item of form.items) {
    const value = answers[item.id];
    if (!isShown(item, answers) || value === undefined || value === null || value === '') continue;
    out[item.id] = value;
  }
  return out;
}

interface Props {
  form: QuestionnaireForm;
  language: PageLanguage;
  answers: Answers;
  onChange: (answers: Answers) => void;
  onSubmit: () => void;
  submitLabel: string;
  /** Locked while the answers wait to be sent. */
  disabled: boolean;
}

/**
 * One instrument on one screen: each choice item a fieldset whose legend is the item's text,
 * with large native radio buttons (keyboard and screen readers know them); free-text items a
 * labelled text area. The form's texts carry their own language (`lang`), which may differ
 * from the page's words when the instrument has no translation.
 */
export function InstrumentForm(props: Props) {
  const { form, language, answers } = props;
  const [missing, setMissing] = useState<string[]>([]);
  const formRef = useRef<HTMLFormElement>(null);
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const open = form.items.filter(
      (item) => item.required && isShown(item, answers) && answers[item.id] == null,
    );
    setMissing(open.map((item) => item.id));
    if (open.length > 0) {
      formRef.current?.querySelector<HTMLInputElement>(`[name="item-${open[0]!.id}"]`)?.focus();
      return;
    }
    props.onSubmit();
  };

  return (
    <form ref={formRef} className="q-form" onSubmit={submit} noValidate lang={form.language}>
      {form.instructions && <p className="q-instructions">{form.instructions}</p>}
      {form.items
        .filter((item) => isShown(item, answers))
        .map((item) => {
          const invalid = missing.includes(item.id) && answers[item.id] == null;
          const hintId = `hint-${form.id}-${item.id}`;
          if (item.type === 'text') {
            const id = `item-${form.id}-${item.id}`;
            return (
              <div key={item.id} className="q-item">
                <label htmlFor={id} className="q-item-text">
                  {item.text}{' '}
                  <span className="q-hint" lang={language}>
                    ({item.required ? t('required') : t('optional')})
                  </span>
                </label>
                <textarea
                  id={id}
                  name={`item-${item.id}`}
                  rows={3}
                  maxLength={4000}
                  disabled={props.disabled}
                  value={typeof answers[item.id] === 'string' ? (answers[item.id] as string) : ''}
                  onChange={(e) => props.onChange({ ...answers, [item.id]: e.target.value })}
                />
              </div>
            );
          }
          return (
            <fieldset
              key={item.id}
              className={invalid ? 'q-item q-item-missing' : 'q-item'}
              aria-describedby={hintId}
            >
              <legend className="q-item-text">{item.text}</legend>
              <p id={hintId} className="q-hint" lang={language}>
                {item.required ? t('required') : t('optional')}
              </p>
              <div className="q-options">
                {item.options.map((option) => (
                  <label key={option.value} className="q-option">
                    <input
                      type="radio"
                      name={`item-${item.id}`}
                      value={option.value}
                      disabled={props.disabled}
                      checked={answers[item.id] === option.value}
                      onChange={() => props.onChange({ ...answers, [item.id]: option.value })}
                    />
                    <span>{option.label}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          );
        })}
      {missing.some((id) => answers[id] == null) && (
        <p role="alert" className="q-error" lang={language}>
          {t('missing')}
        </p>
      )}
      <button type="submit" className="q-button" disabled={props.disabled} lang={language}>
        {props.submitLabel}
      </button>
    </form>
  );
}
