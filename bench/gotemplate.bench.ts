// Parse and execute costs of the Go template engine for Kuma-like
// VirtualOutbound templates. Run: node --import tsx bench/gotemplate.bench.ts
import { parseTemplate } from '../server/src/engine/gotemplate/index';

const templates: Record<string, string> = {
  host: '{{.service}}.{{.namespace}}.svc',
  port: '{{.port}}',
  'host+index': '{{.service}}-{{index . "kuma.io/zone"}}.mesh',
  conditional: '{{if .version}}{{.service}}-{{.version}}{{else}}{{.service}}{{end}}.{{.namespace}}.mesh',
  printf: '{{ printf "%s-%s.%s.mesh" .service .version .namespace }}',
  trimmed: '{{- /* host for the canary */ -}} {{with .service}}{{.}}{{end}}.{{ len .namespace | printf "%d" }}.internal',
};

const entries = new Map<string, string>([
  ['service', 'backend'],
  ['namespace', 'kuma-demo'],
  ['version', 'v2'],
  ['port', '8080'],
  ['kuma.io/zone', 'zone-1'],
]);

function time(fn: () => void, iterations: number): number {
  for (let i = 0; i < Math.min(iterations, 1000); i++) fn(); // warm-up
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return ((performance.now() - start) * 1000) / iterations; // microseconds per call
}

console.log('template        parse (us)  execute (us)  output');
for (const [name, src] of Object.entries(templates)) {
  const parseUs = time(() => {
    parseTemplate(src);
  }, 20_000);
  const parsed = parseTemplate(src);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const t = parsed.template;
  const execUs = time(() => {
    t.execute(entries);
  }, 100_000);
  const r = t.execute(entries);
  const output = r.ok ? r.output : r.error.message;
  console.log(`${name.padEnd(15)} ${parseUs.toFixed(2).padStart(10)}  ${execUs.toFixed(2).padStart(12)}  ${output}`);
}
