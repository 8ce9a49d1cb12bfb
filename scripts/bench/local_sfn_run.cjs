// Runs one execution with aws-local-stepfunctions' JS API and prints the output as JSON.
// Usage: node local_sfn_run.cjs PEERS_DIR DEFINITION INPUT_FILE [COMMAND ARG...]
// With a COMMAND, every Task state is overridden by a handler that spawns COMMAND, writes the task input
// to its stdin and parses its stdout as the result, as `sfn run-local --resources` does.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const [peers, definitionFile, inputFile, ...command] = process.argv.slice(2);
const { StateMachine } = require(path.join(peers, 'node_modules', 'aws-local-stepfunctions'));

function runCommand(input) {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${command[0]} exited with ${code}`));
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (e) {
        reject(e);
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}

function taskOverrides(states, handlers) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') handlers[name] = runCommand;
    const processor = state.ItemProcessor || state.Iterator;
    if (processor) taskOverrides(processor.States, handlers);
    for (const branch of state.Branches || []) taskOverrides(branch.States, handlers);
  }
  return handlers;
}

async function main() {
  const definition = JSON.parse(fs.readFileSync(definitionFile, 'utf8'));
  const input = JSON.parse(fs.readFileSync(inputFile, 'utf8'));
  const overrides = command.length ? { taskResourceLocalHandlers: taskOverrides(definition.States, {}) } : {};
  const machine = new StateMachine(definition);
  const output = await machine.run(input, { overrides }).result;
  process.stdout.write(JSON.stringify(output) + '\n');
}

main().catch((e) => {
  console.error(`local_sfn_run: ${e && e.stack ? e.stack : e}`);
  process.exitCode = 1;
});
