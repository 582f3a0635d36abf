// The few HTML pieces the report writes by hand: escaped text, a table, a definition list, JSON safe inside <script>.

/** `text` with the five characters HTML gives meaning to escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A table cell already written as HTML (a link), placed as it is. */
export interface HtmlCell {
  readonly html: string;
}

/** A link to `href` reading `text` (both escaped). */
export function htmlLink(href: string, text: string): HtmlCell {
  return { html: `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>` };
}

/** A table of text cells (escaped); numbers are shown with `digits` significant digits and right-aligned. */
export function htmlTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | HtmlCell>>, digits = 4): string {
  const cell = (value: string | number | HtmlCell, tag: 'td' | 'th') => {
    if (typeof value === 'number') return `<${tag} class="number">${escapeHtml(Number.isInteger(value) ? String(value) : value.toPrecision(digits))}</${tag}>`;
    return typeof value === 'string' ? `<${tag}>${escapeHtml(value)}</${tag}>` : `<${tag}>${value.html}</${tag}>`;
  };
  return `<table><thead><tr>${headers.map((h) => cell(h, 'th')).join('')}</tr></thead>`
    + `<tbody>${rows.map((row) => `<tr>${row.map((value) => cell(value, 'td')).join('')}</tr>`).join('')}</tbody></table>`;
}

/** A definition list of label → value (both escaped). */
export function htmlFacts(facts: ReadonlyArray<readonly [string, string]>): string {
  return `<dl class="facts">${facts.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
}

/** JSON that can sit inside a <script> element: no "</script>" or "<!--" can end it early. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
