import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSelect } from '../components/language-select.tsx';
import { MODALITIES, type Modality } from './session-api.ts';

/** How and in which language a meeting is held: a therapy session or a research interview. */
export function ModalityLanguageFields(props: {
  modality: Modality;
  language: string;
  modalityLabel: string;
  languageLabel: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <>
      <label>
        <span>{props.modalityLabel}</span>
        <select name="modality" defaultValue={props.modality}>
          {MODALITIES.map((m) => (
            <option key={m} value={m}>
              {t(`sessions.modalities.${m}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{props.languageLabel}</span>
        <LanguageSelect
          name="language"
          required
          aria-describedby={`${id}-language`}
          defaultValue={props.language}
        />
      </label>
      <p className="hint" id={`${id}-language`}>
        {t('sessions.languageHint')}
      </p>
    </>
  );
}
