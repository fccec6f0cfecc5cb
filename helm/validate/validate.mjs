// Validates rendered Kubernetes manifests against the Kubernetes API schemas (npm kubernetes-models: types,
// formats and required fields; unknown fields are not reported). Used by HelmChartTest:
//   node validate.mjs rendered.yaml [more.yaml ...]
// Prints one line per manifest ("ok Kind/name" or "INVALID Kind/name: ...") and exits 1 if any is invalid or of
// a kind no schema here covers.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

/** apiVersion -> module exporting the kinds of that group/version. */
function moduleFor(apiVersion) {
  if (apiVersion.startsWith('monitoring.coreos.com/')) {
    return `@kubernetes-models/prometheus-operator/${apiVersion}`;
  }
  return `kubernetes-models/${apiVersion}`; // "v1" is the core group
}

let failures = 0;
let checked = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (doc.errors.length) {
      console.log(`INVALID YAML in ${file}: ${doc.errors[0].message}`);
      failures++;
      continue;
    }
    const manifest = doc.toJS();
    if (manifest == null) continue; // empty document between separators
    const id = `${manifest.kind}/${manifest.metadata?.name}`;
    let Model;
    try {
      Model = (await import(moduleFor(manifest.apiVersion)))[manifest.kind];
    } catch (e) {
      Model = undefined;
    }
    if (!Model) {
      console.log(`INVALID ${id}: no schema for ${manifest.apiVersion} ${manifest.kind}`);
      failures++;
      continue;
    }
    try {
      new Model(manifest).validate();
      console.log(`ok ${manifest.apiVersion} ${id}`);
      checked++;
    } catch (e) {
      console.log(`INVALID ${id}: ${e.message.replace(/\s+/g, ' ')}`);
      failures++;
    }
  }
}
console.log(`${checked} valid, ${failures} invalid`);
process.exit(failures || checked === 0 ? 1 : 0);
