#!/usr/bin/env python3
"""Generates the benchmark workloads of scripts/bench/run into a scratch folder.

  gen.py validate OUT --files N --big N --series 10,100,...
      OUT/small.asl.json          one small definition (8 states)
      OUT/many/defNNNN.asl.json   N definitions of 5 to 40 states, all of them valid
      OUT/big.asl.json            one definition of --big states
      OUT/series/sNNN.asl.json    one definition per size of the scaling series
  gen.py run OUT --loop N --map N --tasks N --series 10,100,...
      OUT/start.asl.json          a single Pass state
      OUT/loopN.asl.json          Pass + Choice loop of N transitions (n incremented with States.MathAdd)
      OUT/mapN.asl.json           inline Map over N items (MaxConcurrency 0, a Pass in the processor)
      OUT/tasksN.asl.json         N sequential Task states (a Lambda function served by /bin/cat)
      OUT/resources.json          the resources file of `sfn run-local` for the Task states
      each with OUT/NAME.input.json and OUT/NAME.expected.json
  gen.py jsonata SUITE OUT.jsonl
      one line per case of the JSONata test suite that expects a result: {"id", "expr", "input"?, "bindings"}
"""
import argparse
import json
import os
import random
import sys

FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:bench-cat"


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=1)
        f.write("\n")


# ---------------------------------------------------------------- validate workloads


def pass_state(i, nxt):
    return {"Type": "Pass", "Parameters": {"id.$": "$.id", "name.$": "$.name", "step": i}, "Next": nxt}


def task_state(i, nxt):
    return {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:fn%d" % (i % 7),
                       "Payload.$": "$"},
        "ResultSelector": {"body.$": "$.Payload"},
        "ResultPath": "$.result",
        "Retry": [{"ErrorEquals": ["Lambda.ServiceException", "Lambda.TooManyRequestsException"],
                   "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Failed"}],
        "Next": nxt,
    }


def choice_state(i, nxt, alt):
    return {
        "Type": "Choice",
        "Choices": [
            {"Variable": "$.id", "NumericGreaterThan": i, "Next": alt},
            {"And": [{"Variable": "$.name", "IsPresent": True},
                     {"Variable": "$.name", "StringMatches": "item-*"}], "Next": nxt},
        ],
        "Default": nxt,
    }


def wait_state(i, nxt):
    return {"Type": "Wait", "Seconds": 1 + i % 5, "Next": nxt}


def map_state(i, nxt):
    return {
        "Type": "Map",
        "ItemsPath": "$.items",
        "MaxConcurrency": 4,
        "ItemProcessor": {"StartAt": "Item%d" % i,
                          "States": {"Item%d" % i: {"Type": "Pass", "Parameters": {"v.$": "$"},
                                                    "End": True}}},
        "ResultPath": "$.mapped",
        "Next": nxt,
    }


def parallel_state(i, nxt):
    def branch(b):
        name = "Branch%d_%d" % (i, b)
        return {"StartAt": name, "States": {name: {"Type": "Pass", "Result": {"branch": b}, "End": True}}}
    return {"Type": "Parallel", "Branches": [branch(0), branch(1)], "ResultPath": "$.branches", "Next": nxt}


def chain_definition(n, rng):
    """A valid definition of n states (n >= 3): a chain of mixed states, then Succeed, plus a Fail."""
    names = ["Step%05d" % i for i in range(n - 2)] + ["Done", "Failed"]
    states = {}
    for i in range(n - 2):
        nxt = names[i + 1]
        # A Choice may also jump two states ahead, so the graph is not only a line.
        alt = names[min(i + 2, n - 2)]
        kind = rng.random()
        if i % 40 == 39:
            states[names[i]] = parallel_state(i, nxt)
        elif i % 25 == 24:
            states[names[i]] = map_state(i, nxt)
        elif kind < 0.35 or i == 0:  # at least one Task, so that the Fail state is reachable
            states[names[i]] = task_state(i, nxt)
        elif kind < 0.6:
            states[names[i]] = pass_state(i, nxt)
        elif kind < 0.8:
            states[names[i]] = choice_state(i, nxt, alt)
        else:
            states[names[i]] = wait_state(i, nxt)
    states["Done"] = {"Type": "Succeed"}
    states["Failed"] = {"Type": "Fail", "Error": "Bench.Failed", "Cause": "a task failed"}
    return {"Comment": "generated: %d states" % n, "StartAt": names[0], "States": states}


def gen_validate(args):
    out = args.out
    os.makedirs(os.path.join(out, "many"), exist_ok=True)
    os.makedirs(os.path.join(out, "series"), exist_ok=True)
    write_json(os.path.join(out, "small.asl.json"), chain_definition(8, random.Random(1)))
    for i in range(args.files):
        rng = random.Random(1000 + i)
        definition = chain_definition(rng.randint(5, 40), rng)
        write_json(os.path.join(out, "many", "def%04d.asl.json" % i), definition)
    write_json(os.path.join(out, "big.asl.json"), chain_definition(args.big, random.Random(2)))
    for n in parse_sizes(args.series):
        definition = chain_definition(max(n, 3), random.Random(n))
        write_json(os.path.join(out, "series", "s%d.asl.json" % n), definition)


# ---------------------------------------------------------------- run-local workloads


def loop_definition(transitions):
    """Pass + Choice: each round is two transitions, so transitions/2 rounds."""
    rounds = max(1, transitions // 2)
    return {
        "StartAt": "Increment",
        "States": {
            "Increment": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "Check"},
            "Check": {"Type": "Choice",
                      "Choices": [{"Variable": "$.n", "NumericLessThan": rounds, "Next": "Increment"}],
                      "Default": "Done"},
            "Done": {"Type": "Succeed"},
        },
    }, {"n": 0}, {"n": rounds}


def map_definition(items):
    return {
        "StartAt": "Each",
        "States": {
            "Each": {
                "Type": "Map",
                "ItemsPath": "$.items",
                "MaxConcurrency": 0,
                "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Double",
                                  "States": {"Double": {"Type": "Pass", "Parameters": {"v.$": "$"},
                                                        "End": True}}},
                "End": True,
            }
        },
    }, {"items": [{"id": i} for i in range(items)]}, [{"v": {"id": i}} for i in range(items)]


def tasks_definition(count):
    names = ["Task%03d" % i for i in range(count)]
    states = {}
    for i, name in enumerate(names):
        state = {"Type": "Task", "Resource": FUNCTION_ARN}
        if i + 1 < count:
            state["Next"] = names[i + 1]
        else:
            state["End"] = True
        states[name] = state
    payload = {"order": 42, "items": ["a", "b", "c"]}
    return {"StartAt": names[0], "States": states}, payload, payload


def start_definition():
    return {"StartAt": "Only", "States": {"Only": {"Type": "Pass", "End": True}}}, {"hello": "world"}, {
        "hello": "world"}


def write_run_case(out, name, triple):
    definition, given, expected = triple
    write_json(os.path.join(out, name + ".asl.json"), definition)
    write_json(os.path.join(out, name + ".input.json"), given)
    write_json(os.path.join(out, name + ".expected.json"), expected)


def gen_run(args):
    out = args.out
    os.makedirs(out, exist_ok=True)
    write_run_case(out, "start", start_definition())
    write_run_case(out, "loop%d" % args.loop, loop_definition(args.loop))
    write_run_case(out, "map%d" % args.map, map_definition(args.map))
    write_run_case(out, "tasks%d" % args.tasks, tasks_definition(args.tasks))
    for n in parse_sizes(args.series):
        write_run_case(out, "loop%d" % n, loop_definition(n))
    write_json(os.path.join(out, "resources.json"), {FUNCTION_ARN: ["/bin/cat"]})


# ---------------------------------------------------------------- JSONata suite


def load_skip_list(suite):
    path = os.path.join(suite, "cases-not-in-v2.0.6.json")
    if not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return set(data.get("added", []) + data.get("changed", []) + data.get("removed", []))


def gen_jsonata(args):
    suite = args.suite
    skip = load_skip_list(suite)
    datasets = {}
    for name in os.listdir(os.path.join(suite, "datasets")):
        with open(os.path.join(suite, "datasets", name), encoding="utf-8") as f:
            datasets[name[:-5]] = json.load(f)
    expr_files = {}
    if os.path.exists(os.path.join(suite, "expr-files.json")):
        with open(os.path.join(suite, "expr-files.json"), encoding="utf-8") as f:
            expr_files = json.load(f)
    kept = skipped = 0
    with open(args.output, "w", encoding="utf-8") as out:
        groups = os.path.join(suite, "groups")
        for group in sorted(os.listdir(groups)):
            for file in sorted(os.listdir(os.path.join(groups, group))):
                if not file.endswith(".json"):
                    continue
                with open(os.path.join(groups, group, file), encoding="utf-8") as f:
                    content = json.load(f)
                cases = content if isinstance(content, list) else [content]
                for index, case in enumerate(cases):
                    case_id = "%s/%s" % (group, file) + ("#%d" % index if isinstance(content, list) else "")
                    line = jsonata_case(case_id, group, case, datasets, expr_files)
                    if line is None or case_id in skip or "%s/%s" % (group, file) in skip:
                        skipped += 1
                        continue
                    out.write(json.dumps(line) + "\n")
                    kept += 1
    print("%d cases kept, %d skipped (errors expected, or not in JSONata 2.0.6)" % (kept, skipped))


def jsonata_case(case_id, group, case, datasets, expr_files):
    if "code" in case or "error" in case or not ("result" in case or case.get("undefinedResult")):
        return None
    if "expr" in case:
        expr = case["expr"]
    elif "expr-file" in case and "%s/%s" % (group, case["expr-file"]) in expr_files:
        expr = expr_files["%s/%s" % (group, case["expr-file"])]
    else:
        return None
    line = {"id": case_id, "expr": expr, "bindings": case.get("bindings") or {}}
    if "data" in case:
        line["input"] = case["data"]
    elif isinstance(case.get("dataset"), str):
        line["input"] = datasets[case["dataset"]]
    return line


# ---------------------------------------------------------------- main


def parse_sizes(text):
    return [int(s) for s in text.split(",") if s]


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate")
    v.add_argument("out")
    v.add_argument("--files", type=int, default=1000)
    v.add_argument("--big", type=int, default=5000)
    v.add_argument("--series", default="10,100,1000,10000")
    r = sub.add_parser("run")
    r.add_argument("out")
    r.add_argument("--loop", type=int, default=100000)
    r.add_argument("--map", type=int, default=10000)
    r.add_argument("--tasks", type=int, default=200)
    r.add_argument("--series", default="10,100,1000,10000")
    j = sub.add_parser("jsonata")
    j.add_argument("suite")
    j.add_argument("output")
    args = parser.parse_args()
    {"validate": gen_validate, "run": gen_run, "jsonata": gen_jsonata}[args.command](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
