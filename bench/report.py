"""Turns the raw results of bench/run.sh into latest.json and a Markdown table."""
import json
import statistics
import sys

(wrk_tsv, series_tsv, propagation_json, memory_json, jmh_json, logout_jsonl, machine, method, out_json,
 out_md) = sys.argv[1:11]

runs = {}
by_round = {}
with open(wrk_tsv) as f:
    for line in f:
        round_no, config, rps, p50, p99, cpu = line.split()
        runs.setdefault(config, []).append((float(rps), float(p50), float(p99), float(cpu)))
        by_round.setdefault(round_no, {})[config] = float(rps)
series = {}
with open(series_tsv) as f:
    for line in f:
        label, rps, p50, p99, cpu = line.split()
        series[label] = {"req_per_s": float(rps), "p50_us": float(p50), "p99_us": float(p99),
                         "cpu_us_per_request": float(cpu)}


def paired(a, b):
    """Median over the rounds of a/b measured in the same round: the machine's drift cancels."""
    return statistics.median(r[a] / r[b] for r in by_round.values())


throughput = {
    config: {
        "rounds": len(values),
        "req_per_s_median": statistics.median(v[0] for v in values),
        "req_per_s_min": min(v[0] for v in values),
        "req_per_s_max": max(v[0] for v in values),
        "p50_us_median": statistics.median(v[1] for v in values),
        "p99_us_median": statistics.median(v[2] for v in values),
        "cpu_us_per_request_median": statistics.median(v[3] for v in values),
    }
    for config, values in runs.items()
}
propagation = json.load(open(propagation_json))
logouts = [json.loads(line) for line in open(logout_jsonl) if line.strip()]
memory = json.load(open(memory_json))
jmh = {
    entry["benchmark"].rsplit(".", 1)[1]: {
        "score": entry["primaryMetric"]["score"],
        "error": entry["primaryMetric"]["scoreError"],
        "unit": entry["primaryMetric"]["scoreUnit"],
    }
    for entry in json.load(open(jmh_json))
}

rps = {config: values["req_per_s_median"] for config, values in throughput.items()}
ratios = {
    "mirror_vs_stock": rps["mirror"] / rps["stock"],
    "mirror_vs_stock_paired": paired("mirror", "stock"),
    "mirror_vs_unauthenticated_paired": paired("mirror", "unauthenticated"),
    "mirror_vs_signature_only": rps["mirror"] / rps["signature-only"],
    "mirror_vs_strict": rps["mirror"] / rps["strict"],
    "mirror_vs_unauthenticated": rps["mirror"] / rps["unauthenticated"],
    "mirror_vs_baseline": rps["mirror"] / rps["baseline"],
    "mirror_vs_baseline_paired": paired("mirror", "baseline"),
    "mirror_vs_signature_only_paired": paired("mirror", "signature-only"),
}
cpu = {config: values["cpu_us_per_request_median"] for config, values in throughput.items()}
denylist = {label.split(":")[1]: value["req_per_s"] for label, value in series.items() if label.startswith("denylist:")}
targets = {
    "mirror >= 1.2x stock resource server, paired rounds": ratios["mirror_vs_stock_paired"] >= 1.2,
    "mirror: less CPU per request than stock": cpu["mirror"] < cpu["stock"],
    "mirror: p99 no worse than stock": throughput["mirror"]["p99_us_median"] <= throughput["stock"]["p99_us_median"],
    "mirror >= 0.95x unauthenticated ceiling, paired rounds": ratios["mirror_vs_unauthenticated_paired"] >= 0.95,
    "denylist 0 / 100k / 1M within 10% (one run each)": max(denylist.values()) <= 1.1 * min(denylist.values()),
    "mirror heap <= 64 bytes per live revocation": memory["heap_bytes_per_mirrored_revocation"] <= 64,
    "mirror >= 95% of signature-only": ratios["mirror_vs_signature_only"] >= 0.95,
    "mirror >= 1.5x strict": ratios["mirror_vs_strict"] >= 1.5,
    "authenticated >= 80% of unauthenticated": ratios["mirror_vs_unauthenticated"] >= 0.80,
    "mirror >= 97% of the baseline (before leases), paired rounds": ratios["mirror_vs_baseline_paired"] >= 0.97,
    "no instance accepts a token after its 204": propagation["same_instance_accepted_after_logout"] == 0
    and propagation["cross_instance_accepted_after_logout"] == 0,
    "<= 150 Redis bytes per logout": memory["redis_bytes_per_logout"] <= 150,
    "one key per logout in the common case": memory["redis_keys_per_logout"] == 1.0,
}
result = {
    "machine": machine,
    "method": method,
    "throughput": throughput,
    "series": series,
    "ratios": ratios,
    "propagation": propagation,
    "logout_latency": logouts,
    "memory": memory,
    "jmh": jmh,
    "targets_met": targets,
}
json.dump(result, open(out_json, "w"), indent=2)

lines = [
    f"Machine: {machine}. Method: {method}, configurations interleaved, medians of the rounds.",
    "",
    "| GET /api/me | req/s (median) | min - max | p50 | p99 | server CPU per request |",
    "|---|---|---|---|---|---|",
]
for config in ["mirror", "stock", "baseline", "strict", "signature-only", "unauthenticated"]:
    t = throughput[config]
    lines.append(
        f"| {config} | {t['req_per_s_median']:.0f} | {t['req_per_s_min']:.0f} - {t['req_per_s_max']:.0f} "
        f"| {t['p50_us_median']:.0f} µs | {t['p99_us_median']:.0f} µs | {t['cpu_us_per_request_median']:.0f} µs |"
    )
lines += [
    "",
    f"mirror / stock = {ratios['mirror_vs_stock']:.2f} (paired {ratios['mirror_vs_stock_paired']:.2f}), "
    f"mirror / unauthenticated paired = {ratios['mirror_vs_unauthenticated_paired']:.2f}",
    "",
    "| series (one run each) | req/s | p50 | p99 | server CPU per request |",
    "|---|---|---|---|---|",
] + [
    f"| {label} | {v['req_per_s']:.0f} | {v['p50_us']:.0f} µs | {v['p99_us']:.0f} µs | {v['cpu_us_per_request']:.0f} µs |"
    for label, v in series.items()
] + [
    "",
    f"mirror / signature-only = {ratios['mirror_vs_signature_only']:.2f}, "
    f"mirror / strict = {ratios['mirror_vs_strict']:.2f}, "
    f"mirror / unauthenticated = {ratios['mirror_vs_unauthenticated']:.2f}, "
    f"mirror / baseline = {ratios['mirror_vs_baseline']:.2f}",
    "",
    f"Paired (median over rounds of the ratio within each round, which cancels the machine's drift): "
    f"mirror / baseline = {ratios['mirror_vs_baseline_paired']:.2f}, "
    f"mirror / signature-only = {ratios['mirror_vs_signature_only_paired']:.2f}",
    "",
    "| propagation | value |",
    "|---|---|",
    f"| cross-instance p50 / p99 / max ({propagation['trials']} trials) | "
    f"{propagation['cross_instance_p50_us']} / {propagation['cross_instance_p99_us']} / "
    f"{propagation['cross_instance_max_us']} µs |",
    f"| resolution: one poll of B, median | {propagation['poll_request_p50_us']} µs |",
    f"| same instance: revoked token accepted after its 204 | "
    f"{propagation['same_instance_accepted_after_logout']} of {propagation['trials']} |",
    f"| other instance: request sent after the 204 accepted | "
    f"{propagation['cross_instance_accepted_after_logout']} |",
    "",
    "| logout latency | p50 | p99 | max |",
    "|---|---|---|---|",
] + [
    f"| {l['label']} ({l['logouts']} logouts) | {l['p50_us']} µs | {l['p99_us']} µs | {l['max_us']} µs |"
    for l in logouts
] + [
    "",
    "| memory | value |",
    "|---|---|",
    f"| Redis bytes per revocation key ({memory['mirrored_revocations']} keys) | {memory['redis_bytes_per_key']} |",
    f"| keys a logout leaves, right after login ({memory['logouts']} logouts) | "
    f"{memory['redis_keys_per_logout']:.2f}: {memory['redis_bytes_per_logout']} bytes |",
    f"| keys a logout leaves, after a refresh | {memory['redis_keys_per_logout_after_refresh']:.2f}: "
    f"{memory['redis_bytes_per_logout_after_refresh']} bytes |",
    f"| raw used_memory delta per logout (includes hash-table growth) | "
    f"{memory['raw_bytes_per_logout']} / {memory['raw_bytes_per_logout_after_refresh']} |",
    f"| heap bytes per mirrored revocation ({memory['mirrored_revocations']}) | "
    f"{memory['heap_bytes_per_mirrored_revocation']} |",
    f"| mirror: first load / resync after a connection kill, median of 3 ({memory['mirrored_revocations']}) | "
    f"{memory['mirror_load_millis']} / {memory['mirror_resync_millis_median']} ms |",
    "",
    "| JMH | score |",
    "|---|---|",
]
for name, m in jmh.items():
    lines.append(f"| {name} | {m['score']:.1f} ± {m['error']:.1f} {m['unit']} |")
lines += ["", "| target | met |", "|---|---|"]
for name, met in targets.items():
    lines.append(f"| {name} | {'yes' if met else 'no'} |")
open(out_md, "w").write("\n".join(lines) + "\n")
