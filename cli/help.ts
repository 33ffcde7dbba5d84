/**
 * --help text, rendered from the command declarations so it cannot drift from what the parser accepts.
 */
import { isGroup, type Command, type CommandGroup, type OptionSpec, type OptionSpecs } from './command.ts';
import { GLOBAL_OPTIONS } from './parse-command-line.ts';

export function topHelp(entries: readonly (Command | CommandGroup)[]): string {
  const rows = entries.flatMap((e) => isGroup(e)
    ? e.commands.map((c): [string, string] => [`${e.name} ${c.name}`, c.summary])
    : [[e.name, e.summary] as [string, string]]);
  return [
    'Usage: capstan <command> [options]',
    '',
    'Capstan command-line client: clusters, applications, triggers, image triggers, deploy tasks and records, hooks; or run the server.',
    '',
    'Commands:',
    ...twoColumns(rows),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '  --version                 Print the CLI version',
    '',
    'Run "capstan <command> --help" for a command\'s options. docs/cli.md has the details.',
  ].join('\n') + '\n';
}

export function groupHelp(group: CommandGroup): string {
  return [
    `Usage: capstan ${group.name} <command> [options]`,
    '',
    group.summary,
    '',
    'Commands:',
    ...twoColumns(group.commands.map((c) => [c.name, c.summary])),
    '',
    `Run "capstan ${group.name} <command> --help" for a command's options.`,
  ].join('\n') + '\n';
}

export function commandHelp(path: string, command: Command): string {
  const options = command.options ?? {};
  const lines = [`Usage: ${usageLine(path, command)}`, '', command.summary];
  if (command.description) lines.push('', command.description);
  if (Object.keys(options).length > 0) lines.push('', 'Options:', ...optionLines(options));
  lines.push('', 'Global options:', ...optionLines(GLOBAL_OPTIONS));
  return lines.join('\n') + '\n';
}

function usageLine(path: string, command: Command): string {
  const parts = [`capstan ${path}`, ...(command.args ?? []).map((a) => `<${a}>`)];
  for (const [name, spec] of Object.entries(command.options ?? {})) {
    const flag = spec.type === 'boolean' ? `--${name}` : `--${name} ${valueName(name, spec)}`;
    parts.push(spec.required ? flag : `[${flag}]`);
  }
  return parts.join(' ');
}

function optionLines(options: OptionSpecs): string[] {
  return twoColumns(Object.entries(options).map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : '';
    const value = spec.type === 'string' ? ` ${valueName(name, spec)}` : '';
    const notes = [spec.required ? 'required' : null, spec.multiple ? 'repeatable' : null].filter(Boolean);
    return [`${short}--${name}${value}`, notes.length > 0 ? `${spec.description} (${notes.join(', ')})` : spec.description];
  }));
}

function valueName(name: string, spec: OptionSpec): string {
  return spec.valueName ?? name.toUpperCase().replace(/-/g, '_');
}

function twoColumns(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(24, ...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`);
}
