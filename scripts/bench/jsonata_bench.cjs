// Times jsonata-js over the cases of gen.py's JSONL file: each expression is compiled once, evaluated once
// to warm up, then evaluated until ITERATIONS evaluations or BUDGET_MS milliseconds, whichever comes first
// (but at least 3 times); each evaluation is timed alone and the case's figure is the median.
// Usage: node jsonata_bench.cjs PEERS_DIR CASES.jsonl ITERATIONS BUDGET_MS OUT
// OUT gets one line per case: "ID<TAB>MEDIAN_NANOSECONDS_PER_EVALUATION<TAB>EVALUATIONS", or
// "ID<TAB>ERROR<TAB>message".
// Same protocol as jsonata_bench.cc.
'use strict';
const fs = require('fs');
const path = require('path');

const [peers, casesFile, iterationsText, budgetText, outFile] = process.argv.slice(2);
const jsonata = require(path.join(peers, 'node_modules', 'jsonata'));
const iterations = Number(iterationsText);
const MIN_SAMPLES = 3;
const budgetNs = BigInt(Math.round(Number(budgetText) * 1e6));

function median(values) {
  values.sort((a, b) => a - b);
  const n = values.length;
  return n % 2 === 1 ? values[(n - 1) / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

async function timeCase(c) {
  const expression = jsonata(c.expr);
  const input = 'input' in c ? c.input : undefined;
  const bindings = c.bindings || {};
  await expression.evaluate(input, bindings);
  const samples = [];
  const start = process.hrtime.bigint();
  let now = start;
  // At least MIN_SAMPLES, so that one preempted evaluation cannot be the figure.
  while (samples.length < iterations && (now - start < budgetNs || samples.length < MIN_SAMPLES)) {
    const before = now;
    await expression.evaluate(input, bindings);
    now = process.hrtime.bigint();
    samples.push(Number(now - before));
  }
  return [median(samples), samples.length];
}

async function main() {
  const lines = fs.readFileSync(casesFile, 'utf8').split('\n').filter((l) => l.length > 0);
  const out = [];
  for (const line of lines) {
    const c = JSON.parse(line);
    try {
      const [ns, count] = await timeCase(c);
      out.push(`${c.id}\t${ns.toFixed(1)}\t${count}`);
    } catch (e) {
      out.push(`${c.id}\tERROR\t${String((e && (e.code || e.message)) || e).replace(/\s+/g, ' ')}`);
    }
  }
  fs.writeFileSync(outFile, out.join('\n') + '\n');
}

main().catch((e) => {
  console.error(`jsonata_bench: ${e && e.stack ? e.stack : e}`);
  process.exitCode = 2;
});
