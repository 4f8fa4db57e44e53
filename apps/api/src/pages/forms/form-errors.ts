/** GOV.UK errors of one form: a message per field (shown inline) and the list for the error summary. */
export class FormErrors {
  readonly list: { text: string; href: string }[] = [];
  readonly fields: Record<string, string> = {};

  /** `field` is the id of the input the summary links to; the summary lists every message, the field its first. */
  add(field: string, text: string): void {
    this.fields[field] ??= text;
    this.list.push({ text, href: `#${field}` });
  }

  get any(): boolean {
    return this.list.length > 0;
  }
}

/** A posted form: every value a string; ticked checkboxes of one name are joined with commas. */
export type Form = Record<string, string>;

export function formOf(body: unknown): Form {
  const form: Form = {};
  if (body && typeof body === 'object') {
    for (const [name, value] of Object.entries(body)) {
      if (typeof value === 'string') form[name] = value;
      else if (Array.isArray(value)) form[name] = value.filter((v) => typeof v === 'string').join(',');
    }
  }
  return form;
}

/** Rule messages as people read them: the rule numbers (R7) are for the code, not for users. */
export function withoutRuleNumbers(message: string): string {
  return message.replace(/\s*\(R\d+\)/g, '');
}
