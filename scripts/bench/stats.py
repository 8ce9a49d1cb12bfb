#!/usr/bin/env python3
"""Summaries for scripts/bench/run: medians, result lines, the scaling fit and the JSONata comparison.

A samples file holds one successful measured run a line: "WALL_SECONDS MAX_RSS_KIB EXIT_CODE" (see
measure.py); the run script writes only the runs that succeeded.

  stats.py same-json A B
      exit 0 when files A and B hold equal JSON values
  stats.py line WORKLOAD SFN_SAMPLES [PEER PEER_SAMPLES_OR_!REASON]...
      "WORKLOAD: sfn X, PEER Y, ratio Z" for each peer (medians; ratio = peer time / sfn time)
  stats.py scaling WORKLOAD UNIT SIZE=SFN_SAMPLES...
      sfn's time per size and the exponent k of time ~ n^k between the two largest sizes
  stats.py overhead WORKLOAD COUNT SFN_SAMPLES FLOOR_SAMPLES START_SAMPLES
      sfn's cost per task beyond the floor (a bare spawn loop of the same COUNT processes) and beyond its
      own start-up: (sfn - floor - start) / COUNT, from medians
  stats.py floor FLOOR_SAMPLES
      the harness floor: what an empty program measures
  stats.py net WORKLOAD SFN_SAMPLES FLOOR_SAMPLES
      sfn's median net of the harness floor
  stats.py jsonata WORKLOAD SFN_RSS_SAMPLES PEER PEER_RSS_SAMPLES_OR_!REASON SFN_OUT... -- PEER_OUT...
      per-expression medians of jsonata_bench outputs (see jsonata_bench.cc)
"""
import json
import math
import statistics
import sys


def read_samples(path):
    walls, rss = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                walls.append(float(parts[0]))
                if int(parts[1]) >= 0:
                    rss.append(int(parts[1]))
    return walls, rss


def format_time(seconds):
    if seconds < 1e-3:
        return "%.3g µs" % (seconds * 1e6)
    if seconds < 1:
        return "%.3g ms" % (seconds * 1e3)
    return "%.3g s" % seconds


def format_rss(kib_values):
    if not kib_values:
        return "RSS n/a"
    return "RSS %.1f MB" % (statistics.median(kib_values) * 1024 / 1e6)


def format_ratio(ratio):
    return ("%.3g" % ratio) if ratio < 100 else ("%.0f" % ratio)


def describe(path):
    walls, rss = read_samples(path)
    if not walls:
        return None, "no successful run"
    runs = "; 1 run" if len(walls) == 1 else ""
    return statistics.median(walls), "%s (%s%s)" % (format_time(statistics.median(walls)), format_rss(rss), runs)


def cmd_same_json(args):
    try:
        with open(args[0], encoding="utf-8") as a, open(args[1], encoding="utf-8") as b:
            return 0 if json.load(a) == json.load(b) else 1
    except (OSError, ValueError):
        return 1


def cmd_line(args):
    workload, sfn_path, peers = args[0], args[1], args[2:]
    sfn_time, sfn_text = describe(sfn_path)
    if sfn_time is None:
        print("%s: sfn failed: %s" % (workload, sfn_text))
        return 0
    if not peers:
        print("%s: sfn %s" % (workload, sfn_text))
    for name, source in zip(peers[0::2], peers[1::2]):
        if source.startswith("!"):
            print("%s: sfn %s, %s peer unavailable: %s" % (workload, sfn_text, name, source[1:]))
            continue
        peer_time, peer_text = describe(source)
        if peer_time is None:
            print("%s: sfn %s, %s peer unavailable: %s" % (workload, sfn_text, name, peer_text))
            continue
        print("%s: sfn %s, %s %s, ratio %s" % (workload, sfn_text, name, peer_text,
                                               format_ratio(peer_time / sfn_time)))
    return 0


def cmd_overhead(args):
    workload, count = args[0], int(args[1])
    times = []
    for path in args[2:5]:
        walls, _ = read_samples(path)
        if not walls:
            print("%s: overhead per task: not measured (a run failed)" % workload)
            return 0
        times.append(statistics.median(walls))
    sfn, floor, start = times
    per_task = (sfn - floor - start) / count
    print("%s: overhead per task beyond spawning the process: %s (sfn %s, bare spawn loop %s, "
          "sfn start-up %s; %d tasks)" % (workload, format_time(max(per_task, 0.0)) if per_task > 0 else
                                          "none measurable", format_time(sfn), format_time(floor),
                                          format_time(start), count))
    return 0


def cmd_floor(args):
    walls, _ = read_samples(args[0])
    if not walls:
        print("harness floor: not measured (the empty program failed)")
        return 0
    print("harness floor: an empty static program measures %s here (process creation and the exec of "
          "/usr/bin/time); every figure below includes it" % format_time(statistics.median(walls)))
    return 0


def cmd_net(args):
    workload, sfn_path, floor_path = args
    sfn, _ = read_samples(sfn_path)
    floor, _ = read_samples(floor_path)
    if sfn and floor:
        print("  %s: sfn net of the harness floor: %s" % (
            workload, format_time(max(statistics.median(sfn) - statistics.median(floor), 0.0))))
    return 0


def cmd_scaling(args):
    workload, unit, pairs = args[0], args[1], args[2:]
    points = []
    for pair in pairs:
        size, path = pair.split("=", 1)
        walls, _ = read_samples(path)
        points.append((int(size), statistics.median(walls) if walls else None))
    shown = ", ".join("{:,}: {}".format(n, format_time(t) if t is not None else "failed") for n, t in points)
    print("scaling %s (sfn, time per %s count): %s" % (workload, unit, shown))
    valid = [(n, t) for n, t in points if t is not None]
    if len(valid) < 3:
        print("  growth: not enough sizes ran to fit")
        return 0
    (n0, t0), (n2, t2) = valid[0], valid[-1]
    # The smallest size's time is mostly the fixed cost (process start, schema): subtract it before fitting.
    # A size whose variable cost is within the fixed cost's noise says nothing about growth: the fit takes
    # the largest size below the top whose variable cost stands clear of it.
    noise = max(1e-3, 0.1 * t0)
    clear = [(n, t) for n, t in valid[1:-1] if t - t0 > noise]
    if t2 - t0 <= noise:
        print("  growth: the variable cost stays within the noise of the fixed cost %s up to %s %ss"
              % (format_time(t0), "{:,}".format(n2), unit))
        return 0
    if not clear:
        print("  growth: only %s %ss stand clear of the fixed cost %s: no exponent to fit (add a larger size)"
              % ("{:,}".format(n2), unit, format_time(t0)))
        return 0
    n1, t1 = clear[-1]
    raw_k = math.log(t2 / t1) / math.log(n2 / n1)
    k = math.log((t2 - t0) / (t1 - t0)) / math.log(n2 / n1)
    how = "after subtracting the {:,}-{} time {} as fixed cost".format(n0, unit, format_time(t0))
    verdict = "linear" if k < 1.2 else "NOT linear"
    print("  growth: time ~ n^k with k = %.2f between %s and %s %ss (%s; raw k = %.2f): %s"
          % (k, "{:,}".format(n1), "{:,}".format(n2), unit, how, raw_k, verdict))
    return 0


def read_bench_outputs(paths):
    """Per case: the median over runs of nanoseconds per evaluation; plus the cases that failed."""
    times, errors = {}, {}
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    parts = line.rstrip("\n").split("\t")
                    if len(parts) < 3:
                        continue
                    if parts[1] == "ERROR":
                        errors[parts[0]] = parts[2]
                    else:
                        times.setdefault(parts[0], []).append(float(parts[1]))
        except OSError:
            continue
    return {k: statistics.median(v) for k, v in times.items() if k not in errors}, errors


def cmd_jsonata(args):
    workload, sfn_rss_path, peer, peer_rss_path = args[:4]
    rest = args[4:]
    split = rest.index("--")
    sfn, sfn_errors = read_bench_outputs(rest[:split])
    theirs, peer_errors = read_bench_outputs(rest[split + 1:])
    if not sfn:
        print("%s: sfn failed: no case ran" % workload)
        return 0
    _, sfn_rss = read_samples(sfn_rss_path)
    if peer_rss_path.startswith("!"):
        print("%s: sfn %s, %s peer unavailable: %s"
              % (workload, sfn_text_of(sfn, sfn_rss), peer, peer_rss_path[1:]))
        return 0
    both = sorted(set(sfn) & set(theirs))
    if not both:
        print("%s: sfn %s, %s peer unavailable: no case ran on both sides"
              % (workload, sfn_text_of(sfn, sfn_rss), peer))
        return 0
    _, peer_rss = read_samples(peer_rss_path)
    ratios = sorted(theirs[c] / sfn[c] for c in both)
    sfn_median = statistics.median(sfn[c] for c in both) / 1e9
    peer_median = statistics.median(theirs[c] for c in both) / 1e9
    print("%s: sfn %s per expression (%s), %s %s per expression (%s), ratio %s"
          % (workload, format_time(sfn_median), format_rss(sfn_rss), peer, format_time(peer_median),
             format_rss(peer_rss), format_ratio(statistics.median(ratios))))
    slower = sum(1 for r in ratios if r < 1)
    print("  %d expressions timed on both sides; ratio = median of per-expression ratios (%s/sfn); "
          "10th-90th percentile %s-%s; sfn slower on %d; ratio of medians %s"
          % (len(both), peer, format_ratio(ratios[len(ratios) // 10]),
             format_ratio(ratios[len(ratios) * 9 // 10]), slower, format_ratio(peer_median / sfn_median)))
    print("  failed: sfn %d (%s), %s %d (%s)"
          % (len(sfn_errors), sample_ids(sfn_errors), peer, len(peer_errors), sample_ids(peer_errors)))
    return 0


def sfn_text_of(sfn, sfn_rss):
    median = statistics.median(sfn.values()) / 1e9
    return "%s per expression (%s)" % (format_time(median), format_rss(sfn_rss))


def sample_ids(errors):
    ids = sorted(errors)
    if not ids:
        return "none"
    shown = "; ".join("%s: %s" % (i, errors[i][:60]) for i in ids[:3])
    return shown + ("; ..." if len(ids) > 3 else "")


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    commands = {"same-json": cmd_same_json, "line": cmd_line, "scaling": cmd_scaling, "jsonata": cmd_jsonata,
                "overhead": cmd_overhead, "floor": cmd_floor, "net": cmd_net}
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
