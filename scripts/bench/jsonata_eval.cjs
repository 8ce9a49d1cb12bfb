// One evaluation with jsonata-js, for the start-up comparison with `sfn eval`.
// Usage: node jsonata_eval.cjs PEERS_DIR EXPRESSION INPUT_JSON
'use strict';
const path = require('path');

const [peers, source, inputText] = process.argv.slice(2);
const jsonata = require(path.join(peers, 'node_modules', 'jsonata'));

jsonata(source)
  .evaluate(JSON.parse(inputText))
  .then((result) => process.stdout.write(JSON.stringify(result) + '\n'))
  .catch((e) => {
    console.error(`jsonata_eval: ${e.message || e}`);
    process.exitCode = 1;
  });
