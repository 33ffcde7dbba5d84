/** Reads one sample of a Prometheus text exposition: the value of `name{labels}` (label order does not matter). */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).sort().join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(/,(?=[a-zA-Z_][a-zA-Z0-9_]*=")/).filter((l) => l !== '').sort().join(',');
    if (have === want) return Number(match[3]);
  }
  return undefined;
}
