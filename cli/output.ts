/**
 * Rendering of command results on stdout. `json` prints exactly the API's objects (lists as one array of every
 * item, all pages walked), for scripts; `table` prints aligned columns for lists and `label: value` lines for one
 * object, for people. Text from the server is cleaned of control characters so a crafted name cannot drive the
 * terminal.
 */
export const OUTPUT_FORMATS = ['table', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => string | number | boolean | null | undefined;
}

export interface Printer {
  readonly format: OutputFormat;
  list<T>(items: readonly T[], columns: readonly Column<T>[]): void;
  object<T>(value: T, fields: readonly Column<T>[]): void;
  /** A confirmation: `message` in table mode, `json` in json mode. */
  done(message: string, json: unknown): void;
}

export function createPrinter(format: OutputFormat, write: (text: string) => void): Printer {
  const json = (value: unknown) => write(`${JSON.stringify(value, null, 2)}\n`);
  return {
    format,
    list(items, columns) {
      if (format === 'json') return json(items);
      write(renderTable(columns.map((c) => c.header), items.map((item) => columns.map((c) => cell(c.value(item))))));
    },
    object(value, fields) {
      if (format === 'json') return json(value);
      const width = Math.max(...fields.map((f) => f.header.length)) + 1;
      write(fields.map((f) => `${`${f.header}:`.padEnd(width)} ${cell(f.value(value))}`).join('\n') + '\n');
    },
    done(message, value) {
      if (format === 'json') json(value);
      else write(`${message}\n`);
    },
  };
}

function renderTable(headers: readonly string[], rows: readonly string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  return clean(String(value));
}

/** Replaces C0/C1 control characters (ESC, CR, BEL, …) with visible \uXXXX escapes. */
export function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
