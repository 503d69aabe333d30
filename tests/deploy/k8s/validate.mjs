// Validates rendered Kubernetes manifests: core kinds with kubernetes-models,
// LeaderWorkerSet with a validator generated from the reference CRD (when
// given), unknown fields with `tsc --noEmit` over typed assignments
// (kubernetes-types; the generated LWS types), and the deploy invariants.
//
// usage: node validate.mjs MANIFEST.yaml EXPECT.json [LWS_GENERATED_DIR]
// EXPECT: {"gpus": 8, "gpuResource": "nvidia.com/gpu", "lwsSizes": {"name": n}}
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as yaml from "js-yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const [file, expectFile, lwsDir] = process.argv.slice(2);
const text = fs.readFileSync(file, "utf8");
const expect = JSON.parse(fs.readFileSync(expectFile, "utf8"));
const docs = yaml.loadAll(text).filter(Boolean);
const problems = [];
const fail = (m) => problems.push(m);

// 1. Schemas.
const core = {
  Deployment: "kubernetes-models/apps/v1/Deployment",
  Service: "kubernetes-models/v1/Service",
  ConfigMap: "kubernetes-models/v1/ConfigMap",
};
let lwsValidate = null;
if (lwsDir) {
  const mod = await import(path.join(lwsDir, "_schemas/LeaderworkersetXK8sIoV1LeaderWorkerSet.js"));
  lwsValidate = mod.validate;
}
for (const d of docs) {
  const where = `${d.kind} ${d.metadata?.name}`;
  if (core[d.kind]) {
    const mod = await import(core[d.kind]);
    try {
      new mod[d.kind](d).validate();
    } catch (e) {
      fail(`${where}: ${e.message}`);
    }
  } else if (d.kind === "LeaderWorkerSet") {
    if (lwsValidate && !lwsValidate(d)) fail(`${where}: ${JSON.stringify(lwsValidate.errors)}`);
  } else {
    fail(`${where}: unexpected kind`);
  }
}

// 2. Unknown fields: typed assignments, checked by tsc.
const types = {
  Deployment: ["kubernetes-types/apps/v1", "Deployment"],
  Service: ["kubernetes-types/core/v1", "Service"],
  ConfigMap: ["kubernetes-types/core/v1", "ConfigMap"],
};
let ts = "";
docs.forEach((d, i) => {
  if (types[d.kind]) {
    ts += `import type { ${types[d.kind][1]} as T${i} } from "${types[d.kind][0]}";\n`;
    ts += `export const d${i}: T${i} = ${JSON.stringify(d)};\n`;
  } else if (d.kind === "LeaderWorkerSet" && lwsDir) {
    ts += `import type { ILeaderWorkerSet as T${i} } from "${path.join(lwsDir, "leaderworkerset.x-k8s.io/v1/LeaderWorkerSet")}";\n`;
    ts += `export const d${i}: T${i} = ${JSON.stringify(d)};\n`;
  }
});
const tsDir = fs.mkdtempSync(path.join(here, "generated", "ts-"));
try {
  fs.writeFileSync(path.join(tsDir, "check.ts"), ts);
  fs.writeFileSync(path.join(tsDir, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: "esnext", moduleResolution: "bundler",
                       skipLibCheck: true, types: [] },
    files: ["check.ts"],
  }));
  try {
    execFileSync(path.join(here, "node_modules/.bin/tsc"), ["-p", tsDir], { stdio: "pipe" });
  } catch (e) {
    fail(`tsc: ${e.stdout}${e.stderr}`);
  }
} finally {
  fs.rmSync(tsDir, { recursive: true, force: true });
}

// 3. Invariants.
const podTemplates = [];  // {owner, labels, containers}
for (const d of docs) {
  if (d.kind === "Deployment") {
    podTemplates.push({ owner: d.metadata.name, labels: d.spec.template.metadata.labels, spec: d.spec.template.spec });
    const sel = d.spec.selector.matchLabels;
    for (const [k, v] of Object.entries(sel)) {
      if (d.spec.template.metadata.labels[k] !== v) fail(`Deployment ${d.metadata.name}: selector ${k}=${v} misses its pods`);
    }
  } else if (d.kind === "LeaderWorkerSet") {
    const t = d.spec.leaderWorkerTemplate;
    const want = expect.lwsSizes[d.metadata.name];
    if (t.size !== want) fail(`LWS ${d.metadata.name}: size ${t.size}, the recipe needs ${want} nodes`);
    if (t.restartPolicy !== "RecreateGroupOnPodRestart") fail(`LWS ${d.metadata.name}: restartPolicy ${t.restartPolicy}`);
    podTemplates.push({ owner: d.metadata.name + " leader", labels: t.leaderTemplate.metadata.labels, spec: t.leaderTemplate.spec });
    podTemplates.push({ owner: d.metadata.name + " worker", labels: t.workerTemplate.metadata.labels, spec: t.workerTemplate.spec });
  }
}
for (const [name, size] of Object.entries(expect.lwsSizes)) {
  if (!docs.some((d) => d.kind === "LeaderWorkerSet" && d.metadata.name === name)) fail(`no LWS ${name} (size ${size})`);
}
const portOf = (c) => {
  const words = c.command.join(" ");
  const m = [...words.matchAll(/'?--port'? '?(\d+)'?/g)];
  return m.length ? Number(m[m.length - 1][1]) : 8000;
};
const serving = [];
for (const p of podTemplates) {
  for (const c of p.spec.containers) {
    const limit = c.resources?.limits?.[expect.gpuResource];
    const isVllm = c.command.join(" ").includes("vllm") && c.command.join(" ").includes("serve");
    if (isVllm && expect.gpuResource && limit !== String(expect.gpus)) fail(`${p.owner}/${c.name}: GPU limit ${limit}, want ${expect.gpus}`);
    if (isVllm && !(p.spec.volumes || []).some((v) => v.name === "dshm" && v.emptyDir?.medium === "Memory")) fail(`${p.owner}: no memory /dev/shm`);
    if (!(p.spec.volumes || []).some((v) => v.name === "hf-cache")) fail(`${p.owner}: no HF cache volume`);
    if (!(c.env || []).some((e) => e.name === "HF_TOKEN" && e.valueFrom?.secretKeyRef?.optional === true)) fail(`${p.owner}: HF_TOKEN is not from an optional Secret`);
    if ((c.env || []).some((e) => e.name === "VLLM_PORT")) fail(`${p.owner}: sets VLLM_PORT`);
    const headless = c.command.join(" ").includes("--headless");
    for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
      if (isVllm && !headless && !c[probe]) fail(`${p.owner}: serving pod without ${probe}`);
      if (headless && c[probe]) fail(`${p.owner}: headless pod has ${probe}`);
      if (c[probe] && c.name !== "pd" && c[probe].httpGet.port !== portOf(c)) fail(`${p.owner}: ${probe} port ${c[probe].httpGet.port} != --port ${portOf(c)}`);
    }
    if (isVllm && !headless) serving.push({ ...p, container: c });
    if (headless && c.ports) fail(`${p.owner}: headless pod exposes a port`);
  }
}
const matches = (sel, labels) => Object.entries(sel).every(([k, v]) => labels[k] === v);
for (const s of docs.filter((d) => d.kind === "Service")) {
  const pods = podTemplates.filter((p) => matches(s.spec.selector, p.labels));
  if (!pods.length) fail(`Service ${s.metadata.name}: selects no pods`);
  for (const p of pods) {
    const ports = p.spec.containers.flatMap((c) => (c.ports || []).map((x) => x.containerPort));
    if (!ports.includes(s.spec.ports[0].targetPort)) fail(`Service ${s.metadata.name}: selects ${p.owner}, which does not listen on ${s.spec.ports[0].targetPort}`);
    if (p.spec.containers.some((c) => c.command.join(" ").includes("--headless"))) fail(`Service ${s.metadata.name}: selects headless ${p.owner}`);
  }
}
for (const p of serving) {
  if (!docs.some((s) => s.kind === "Service" && matches(s.spec.selector, p.labels))) fail(`${p.owner}: serves HTTP but no Service selects it`);
}
const left = text.match(/\$(HEAD_IP|IFACE_NAME|NODE_RANK|(PREFILL|DECODE)_(NODE_\w+|DP_RPC_PORT)|VLLM_INSTANCE_\d+|ROUTER_(HOST|PORT)|MOONCAKE_[A-Z_]+)|\(\(NODE_RANK/g);
if (left) fail(`placeholders left: ${[...new Set(left)].join(", ")}`);

const kinds = docs.map((d) => d.kind).join(", ");
if (problems.length) {
  console.error(`INVALID ${path.basename(file)} (${kinds}):\n  ` + problems.join("\n  "));
  process.exit(1);
}
console.log(`valid: ${docs.length} objects (${kinds}); schemas${lwsDir ? " incl. LWS CRD" : " (LWS CRD skipped)"}, tsc --noEmit, invariants`);
