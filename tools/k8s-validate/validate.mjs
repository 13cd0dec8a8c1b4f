// Validates every object of rendered Kubernetes manifests against the API schemas, offline.
//   node validate.mjs rendered.yaml [more.yaml ...]
// Prints one line per file ("<file>: N objects valid: Deployment x5, ...") or each invalid object with the schema's
// complaint, and exits 1 when any object is invalid or of a kind no schema here covers (nothing passes unchecked).
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const packages = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
};

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [null, apiVersion];
  const base = (group && packages[group]) || 'kubernetes-models';
  const path = group ? `${base}/${group}/${version}/${kind}` : `${base}/${version}/${kind}`;
  try {
    return (await import(path))[kind];
  } catch {
    return undefined;
  }
}

let failed = false;
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node validate.mjs rendered.yaml [more.yaml ...]');
  process.exit(2);
}
for (const file of files) {
  const counts = new Map();
  const problems = [];
  for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (document.errors.length > 0) {
      problems.push(`YAML: ${document.errors.map((e) => e.message).join('; ')}`);
      continue;
    }
    const object = document.toJS();
    if (object === null) continue;
    const name = `${object.kind ?? '?'} ${object.metadata?.name ?? '?'}`;
    const Model = object.apiVersion && object.kind ? await modelFor(object.apiVersion, object.kind) : undefined;
    if (!Model) {
      problems.push(`${name}: no schema for ${object.apiVersion}/${object.kind}`);
      continue;
    }
    try {
      new Model(object).validate();
      counts.set(object.kind, (counts.get(object.kind) ?? 0) + 1);
    } catch (error) {
      problems.push(`${name}: ${error.message}`);
    }
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const summary = [...counts].sort().map(([kind, n]) => `${kind} x${n}`).join(', ');
  if (problems.length > 0) {
    failed = true;
    console.log(`${file}: ${problems.length} invalid, ${total} valid`);
    for (const problem of problems) console.log(`  ${problem}`);
  } else {
    console.log(`${file}: ${total} objects valid: ${summary}`);
  }
}
process.exit(failed ? 1 : 0);
