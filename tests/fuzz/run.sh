#!/bin/sh
# run.sh HARNESS... - runs each libFuzzer harness of tests/fuzz/build for
# $FUZZ_RUNS executions (one process, no -jobs or -workers) on a copy of its corpus, and
# says per harness how many executions it made and whether it crashed.
# A crash leaves its input in tests/fuzz/build/artifacts/HARNESS-crash-*:
# add it to tests/fuzz/corpus/HARNESS/ as crash-WHAT once it is fixed.
set -u
# No allocation stack in ASan's reports (replay a crash input without this
# for one): collecting it at every malloc of libaugeas cost fuzz_tree a
# third of its rate. Detection is the same.
ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0}
export ASAN_OPTIONS
build=tests/fuzz/build
runs=${FUZZ_RUNS:-1000000}
failed=0
mkdir -p "$build/artifacts" "$build/logs"
printf '%-22s %12s %9s %8s  %s\n' HARNESS EXECUTIONS EXEC/S SECONDS RESULT
for h in "$@"; do
	work=$build/corpus/$h
	log=$build/logs/$h.log
	rm -rf "$work"
	mkdir -p "$work"
	[ -d "tests/fuzz/corpus/$h" ] && cp tests/fuzz/corpus/"$h"/* "$work"/ 2>/dev/null
	# the fixtures' init scripts: one copy, the seeds of both harnesses that read them
	case $h in
	fuzz_headers | fuzz_lens_initscript) cp tests/fuzz/corpus/initscripts/* "$work"/ ;;
	esac
	start=$(date +%s)
	# shellcheck disable=SC2086
	"$build/$h" -runs="$runs" -print_final_stats=1 \
		-artifact_prefix="$build/artifacts/$h-" ${FUZZ_FLAGS:-} "$work" >"$log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		result=ok
	else
		failed=1
		art=$(sed -n 's/.*Test unit written to //p' "$log" | tail -n 1)
		result="CRASHED (exit $rc${art:+, input $art}; log $log)"
		[ -n "$execs" ] || execs=$(grep -o '^#[0-9]*' "$log" | tail -n 1 | tr -d '#')
	fi
	printf '%-22s %12s %9s %8s  %s\n' "$h" "${execs:-?}" "${rate:-?}" "$secs" "$result"
done
exit $failed
