import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** A zone's id made readable, with its name in the page's language: "America / Mexico City (hora central)". */
function zoneLabel(zone: string, locale: string): string {
  const place = zone.replaceAll('_', ' ').replaceAll('/', ' / ');
  try {
    const name = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'longGeneric' })
      .formatToParts(0)
      .find((p) => p.type === 'timeZoneName')?.value;
    return name ? `${place} (${name})` : place;
  } catch {
    return place;
  }
}

/**
 * A choice list of the IANA time zones the browser knows, so a clinic's zone is picked, not
 * typed; the stored zone stays a choice even where the browser does not list it (UTC).
 */
export function TimeZoneSelect(props: { name: string; defaultValue: string; id?: string }) {
  const { i18n } = useTranslation();
  const options = useMemo(
    () =>
      [...new Set([props.defaultValue, ...Intl.supportedValuesOf('timeZone')])]
        .sort()
        .map((zone) => ({ zone, label: zoneLabel(zone, i18n.language) })),
    [props.defaultValue, i18n.language],
  );
  return (
    <select name={props.name} id={props.id} required defaultValue={props.defaultValue}>
      {options.map((o) => (
        <option key={o.zone} value={o.zone}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
