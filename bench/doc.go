// Package bench holds PureEdge's benchmarks, each against raw wazero on the
// same module and the same engine (wazero's compiler):
//
//   - BenchmarkExecute: VM.Execute of a guest export (fib(25), sha256's
//     hash_loop(1000)) against api.Function.Call. Goal: at most 3% slower.
//   - BenchmarkCallOverhead: the same for fib(1), the fixed cost of a call.
//   - BenchmarkHostCall: one guest-to-host call (env.add in call_add's loop)
//     through a raw wazero GoModuleFunc, PureEdge's typed fast path
//     (NewFastFunction) and the SDK callback (NewFunction), reported as
//     ns/call. Goals: fast at most 1.2x wazero, sdk at most 150 ns/call.
//     BenchmarkGuestLoop separates the guest's own loop from the calls.
//   - BenchmarkNewVM: NewVMWithConfig and Release, with and without WASI.
//   - BenchmarkColdStart: with raw wazero, what a start of hello (2.6 MB)
//     costs with nothing cached: compiling with the compiler by 1, 2 and 4
//     compilation workers, compiling and running in the interpreter, and
//     reading the compiler's code back from a file cache.
//   - BenchmarkCLI: the CLI's code in process on hello, in the interpreter
//     and warm (for profiles of a start).
//   - BenchmarkWASI: PureEdge's WASI (internal/wasi) against wazero's
//     wasi_snapshot_preview1 on the wasibench guest: fd_write of 16 bytes,
//     fd_seek+fd_read of 64 KiB, path_open+fd_close, clock_time_get,
//     reported as ns/call. Goal: no slower than wazero.
//   - BenchmarkWASILayer: the same calls, the two WASI layers alone: one
//     compiled guest instantiated twice in raw wazero (wazero's WASI, and
//     PureEdge's through Function.Bind), timed in alternating turns;
//     cpu-ratio and wall-ratio are PureEdge's over wazero's per call.
//     Goal: at most 1.
//   - BenchmarkEchoServer: the echo guest serving 64-byte requests on one
//     loopback connection, against the same Go program built natively.
//     Goal: at least 80% of native's req/s.
//
// wasi_crypto's speed benchmarks are next to the plug-in
// (plugins/wasi_crypto: BenchmarkCrypto and BenchmarkCryptoPaired, each
// operation through the guest ABI against native Go; goal: at least 90%).
//
// compare.sh runs them and puts PureEdge and wazero side by side with
// benchstat:
//
//	COUNT=10 bench/compare.sh
//
// TestStartTime measures the wall time of the wasmedge CLI running hello
// cold (an empty cache directory) and warm, and of prototype designs of
// the cold start (see proto). It is skipped unless
// PUREEDGE_BENCH_STARTTIME=1:
//
//	PUREEDGE_BENCH_STARTTIME=1 go test -run StartTime -v ./bench/
//
// Plain "go test ./bench/" only checks that the benchmarks' setups compute
// the right results.
package bench
