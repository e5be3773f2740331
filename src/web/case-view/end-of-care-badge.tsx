import { useTranslation } from 'react-i18next';
import type { SessionForm } from '../../core/api/case-view.ts';

/**
 * "End of care" before a request that closing the case asked (the plan's end-of-care
 * forms): it sits on the last attended session beside that session's own request, and
 * without the badge the two would look alike.
 */
export function EndOfCareBadge(props: { occasion: SessionForm['occasion'] }) {
  const { t } = useTranslation();
  if (props.occasion !== 'end-of-care') return null;
  return (
    <>
      <span className="badge" data-testid="end-of-care">
        {t('caseView.endOfCare')}
      </span>{' '}
    </>
  );
}
