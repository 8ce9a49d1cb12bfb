// Validates every *.json file given (or found in a given folder) with asl-validator's JS API, in this one
// process. Usage: node asl_validator_api.cjs PEERS_DIR PATH...
// Prints a summary line; exits 1 when some definition is invalid, 2 on an unreadable file.
'use strict';
const fs = require('fs');
const path = require('path');

const [peers, ...inputs] = process.argv.slice(2);
const validate = require(path.join(peers, 'node_modules', 'asl-validator'));

const files = [];
for (const input of inputs) {
  if (fs.statSync(input).isDirectory()) {
    for (const name of fs.readdirSync(input).sort()) {
      if (name.endsWith('.json')) files.push(path.join(input, name));
    }
  } else {
    files.push(input);
  }
}
let invalid = 0;
for (const file of files) {
  const result = validate(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!result.isValid) {
    invalid++;
    console.error(`${file}: ${result.errorsText('; ')}`);
  }
}
console.log(`${files.length} definitions, ${invalid} invalid`);
process.exitCode = invalid ? 1 : 0;
