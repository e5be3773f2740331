/**
 * Structural checks of the FHIR R4 resources Rapport writes, used by the tests (no FHIR
 * validator runs offline). They cover the required elements (1..1 cardinalities), the value
 * sets of `status`, `type` and `enableWhen.operator`, and the Questionnaire invariants that
 * apply to our output (hl7.org/fhir/R4/questionnaire.html#invs): que-0 computable name, que-1
 * group/display nesting, que-2 unique linkIds, que-3 no code on display items, que-4 answerOption
 * xor answerValueSet, que-5 options only on choice items, que-6 no `required` on display items.
 * Returns a list of problems, empty when the resource passes.
 */
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const ITEM_TYPES = new Set([
  'group',
  'display',
  'boolean',
  'decimal',
  'integer',
  'date',
  'dateTime',
  'time',
  'string',
  'text',
  'url',
  'choice',
  'open-choice',
  'attachment',
  'reference',
  'quantity',
]);
const ENABLE_OPERATORS = new Set(['exists', '=', '!=', '>', '<', '>=', '<=']);
const PUBLICATION_STATUS = new Set(['draft', 'active', 'retired', 'unknown']);

export function checkFhirQuestionnaire(resource: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(resource)) return ['not a JSON object'];
  if (resource.resourceType !== 'Questionnaire')
    problems.push('resourceType must be Questionnaire');
  if (!PUBLICATION_STATUS.has(resource.status as string))
    problems.push('status is missing or invalid');
  if (resource.url !== undefined && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(String(resource.url))) {
    problems.push('url must be an absolute URI');
  }
  if (resource.name !== undefined && !/^[A-Z]([A-Za-z0-9_]){0,254}$/.test(String(resource.name))) {
    problems.push('que-0: name must be usable as an identifier');
  }
  const linkIds = new Map<string, string>();
  const walk = (items: unknown[], path: string) => {
    items.forEach((raw, index) => {
      const at = `${path}[${index}]`;
      if (!isObject(raw)) {
        problems.push(`${at}: not an object`);
        return;
      }
      const type = raw.type as string;
      if (!isString(raw.linkId)) problems.push(`${at}.linkId is required`);
      else if (linkIds.has(raw.linkId))
        problems.push(`que-2: linkId "${raw.linkId}" is not unique`);
      else linkIds.set(raw.linkId, type);
      if (!ITEM_TYPES.has(type)) problems.push(`${at}.type is missing or invalid`);
      const children = asArray(raw.item);
      if (type === 'group' && children.length === 0)
        problems.push(`que-1: ${at} group has no items`);
      if (type === 'display' && children.length > 0)
        problems.push(`que-1: ${at} display has items`);
      if (type === 'display' && raw.code !== undefined)
        problems.push(`que-3: ${at} display has a code`);
      if (type === 'display' && raw.required !== undefined) {
        problems.push(`que-6: ${at} display has required`);
      }
      if (type !== 'display' && !isString(raw.text)) problems.push(`${at}.text is missing`);
      const options = asArray(raw.answerOption);
      if (options.length > 0 && raw.answerValueSet !== undefined) {
        problems.push(`que-4: ${at} has both answerOption and answerValueSet`);
      }
      const isChoice = type === 'choice' || type === 'open-choice';
      if (!isChoice && (options.length > 0 || raw.answerValueSet !== undefined)) {
        problems.push(`que-5: ${at} is not a choice item but has answers`);
      }
      if (isChoice && options.length === 0 && raw.answerValueSet === undefined) {
        problems.push(`${at} is a choice item without answerOption or answerValueSet`);
      }
      const optionKeys = new Set<string>();
      options.forEach((option, o) => {
        const value = isObject(option) ? option.valueCoding : undefined;
        if (!isObject(value) || !isString(value.code)) {
          problems.push(`${at}.answerOption[${o}] has no valueCoding with a code`);
          return;
        }
        const key = `${String(value.system)}|${value.code}`;
        if (optionKeys.has(key)) problems.push(`${at}.answerOption[${o}] repeats ${key}`);
        optionKeys.add(key);
        for (const ext of asArray((option as Json).extension)) {
          if (!isObject(ext) || !isString(ext.url))
            problems.push(`${at}.answerOption[${o}] extension has no url`);
          else if (ext.url.endsWith('/ordinalValue') && typeof ext.valueDecimal !== 'number') {
            problems.push(`${at}.answerOption[${o}] ordinalValue is not a number`);
          }
        }
      });
      walk(children, `${at}.item`);
    });
  };
  const top = asArray(resource.item);
  walk(top, 'item');
  // enableWhen may point forward or backward, so it is checked once every linkId is known.
  const checkEnableWhen = (items: unknown[], path: string) => {
    items.forEach((raw, index) => {
      if (!isObject(raw)) return;
      asArray(raw.enableWhen).forEach((rule, r) => {
        const at = `${path}[${index}].enableWhen[${r}]`;
        if (!isObject(rule) || !linkIds.has(rule.question as string)) {
          problems.push(`${at}.question does not name an item`);
          return;
        }
        if (!ENABLE_OPERATORS.has(rule.operator as string))
          problems.push(`${at}.operator is invalid`);
        if (!Object.keys(rule).some((k) => k.startsWith('answer')))
          problems.push(`${at} has no answer`);
      });
      checkEnableWhen(asArray(raw.item), `${path}[${index}].item`);
    });
  };
  checkEnableWhen(top, 'item');
  return problems;
}

const RESPONSE_STATUS = new Set([
  'in-progress',
  'completed',
  'amended',
  'entered-in-error',
  'stopped',
]);

/** Checks a QuestionnaireResponse, and that it matches its Questionnaire when one is given. */
export function checkFhirQuestionnaireResponse(
  resource: unknown,
  questionnaire?: unknown,
): string[] {
  const problems: string[] = [];
  if (!isObject(resource)) return ['not a JSON object'];
  if (resource.resourceType !== 'QuestionnaireResponse') {
    problems.push('resourceType must be QuestionnaireResponse');
  }
  if (!RESPONSE_STATUS.has(resource.status as string))
    problems.push('status is missing or invalid');
  const known = new Set<string>();
  if (isObject(questionnaire)) {
    for (const item of asArray(questionnaire.item))
      if (isObject(item)) known.add(String(item.linkId));
  }
  asArray(resource.item).forEach((raw, index) => {
    const at = `item[${index}]`;
    if (!isObject(raw) || !isString(raw.linkId)) {
      problems.push(`${at}.linkId is required`);
      return;
    }
    if (known.size > 0 && !known.has(raw.linkId))
      problems.push(`${at}: no question "${raw.linkId}"`);
    asArray(raw.answer).forEach((answer, a) => {
      if (!isObject(answer) || !Object.keys(answer).some((k) => k.startsWith('value'))) {
        problems.push(`${at}.answer[${a}] has no value`);
      }
    });
  });
  return problems;
}

const OBSERVATION_STATUS = new Set([
  'registered',
  'preliminary',
  'final',
  'amended',
  'corrected',
  'cancelled',
  'entered-in-error',
  'unknown',
]);

export function checkFhirObservation(resource: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(resource)) return ['not a JSON object'];
  if (resource.resourceType !== 'Observation') problems.push('resourceType must be Observation');
  if (!OBSERVATION_STATUS.has(resource.status as string))
    problems.push('status is missing or invalid');
  const code = resource.code;
  if (!isObject(code) || (asArray(code.coding).length === 0 && !isString(code.text))) {
    problems.push('code is required');
  }
  const quantity = resource.valueQuantity;
  if (quantity !== undefined && (!isObject(quantity) || typeof quantity.value !== 'number')) {
    problems.push('valueQuantity.value must be a number');
  }
  return problems;
}
