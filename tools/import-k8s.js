// Generates imports/k8s offline. `cdk8s import k8s@X` always downloads its
// schema from GitHub, which build machines cannot reach; this wrapper answers
// that one download with the `_definitions.json` that kubernetes-validate (a
// pinned PyPI package) ships, then runs the stock CLI, so the bindings are the
// CLI's own. It keeps only the API kinds the app uses (and every type they
// reference): the full module takes ~0.75 s to import, longer than the whole
// synth of the trimmed one.
// usage: node tools/import-k8s.js <_definitions.json> <k8s version> <Kind,Kind,...> [cdk8s import args...]
const fs = require('fs');
const path = require('path');
const util = require(path.join(__dirname, 'node_modules/cdk8s-cli/lib/util.js'));

const [, , definitionsFile, version, kindList, ...rest] = process.argv;
const kinds = new Set(kindList.split(','));

// kubernetes-validate marks optional values `"type": ["x", "null"]`; the CLI
// expects upstream's plain `"type": "x"` (otherwise `required` is lost).
function denull(key, value) {
  if (key !== 'type' || !Array.isArray(value)) return value;
  const types = value.filter((t) => t !== 'null');
  return types.length === 1 ? types[0] : types;
}

function trimmed(all) {
  const keep = {};
  const visit = (name) => {
    if (keep[name] || !all[name]) return;
    keep[name] = all[name];
    for (const ref of JSON.stringify(all[name]).matchAll(/"#\/\$defs\/([^"]+)"/g)) visit(ref[1]);
  };
  const found = new Set();
  for (const [name, def] of Object.entries(all)) {
    const gvk = def['x-kubernetes-group-version-kind']?.[0];
    // only stable versions: alpha/beta twins of the same kind are not wanted
    if (gvk && kinds.has(gvk.kind) && def.properties?.metadata && /^v\d+$/.test(gvk.version)) {
      visit(name);
      found.add(gvk.kind);
    }
  }
  const missing = [...kinds].filter((k) => !found.has(k));
  if (missing.length) throw new Error(`kinds not in the schema: ${missing.join(', ')}`);
  return keep;
}

const original = util.download;
util.download = async (url) => {
  if (!url.endsWith(`/v${version}/_definitions.json`)) return original(url);
  const schema = JSON.parse(fs.readFileSync(definitionsFile, 'utf-8'), denull);
  const text = JSON.stringify({ definitions: trimmed(schema.$defs) });
  return text.replaceAll('"#/$defs/', '"#/definitions/');
};
process.argv = [process.argv[0], 'cdk8s', 'import', `k8s@${version}`, ...rest];
require(path.join(__dirname, 'node_modules/cdk8s-cli/lib/cli'));
