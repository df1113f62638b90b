package bench

import (
	"runtime"
	"slices"
	"testing"
	"time"
)

// meterImpls are the configurations BenchmarkMeter and BenchmarkMeterRounds
// compare, the base (raw wazero) first.
var meterImpls = []string{"wazero", "wazero-closectx", "pureedge", "pureedge-stats"}

// meterSlot is the CPU time one configuration runs for in one round of
// BenchmarkMeterRounds (at least one call).
const meterSlot = 4 * time.Millisecond

// BenchmarkMeterRounds measures what BenchmarkMeter does, in a way that
// survives drift: each configuration is compiled and instantiated once, then
// one round (one b.N iteration; use -benchtime=Nx) runs every configuration
// for about meterSlot of CPU time, one after another, starting each round
// with the next configuration (A B C D, B C D A, ...). Whatever changes
// during the run (the clock of the CPU, other processes, the state of the
// caches) then changes every column alike.
//
// It reports, per configuration, the median over the rounds of its CPU time
// per call (<impl>-ns/call) and of its ratio to raw wazero's time in the
// same round (<impl>/wazero), and the garbage collections during the rounds
// (gcs). The goals of issue 6: pureedge/wazero at most 1.15,
// pureedge-stats/wazero at most 1.5.
func BenchmarkMeterRounds(b *testing.B) {
	for i, w := range meterLoads {
		b.Run("guest="+w.name, func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			bin := meterBin(b, i)
			calls := make([]func(int32) int32, len(meterImpls))
			per := make([]int, len(meterImpls)) // calls per slot
			for j, impl := range meterImpls {
				calls[j] = meterCaller(b, impl, bin, w.bin == nil, w.export)
				calls[j](w.arg) // the first call, outside the measurement
				// Calibrate: calls of about meterSlot in all.
				t0, _ := threadCPUPrecise()
				calls[j](w.arg)
				t1, _ := threadCPUPrecise()
				per[j] = max(1, int(meterSlot/max(t1-t0, time.Microsecond)))
			}
			times := make([][]float64, len(meterImpls)) // ns per call, per round
			ratios := make([][]float64, len(meterImpls))
			slot := make([]float64, len(meterImpls))
			runtime.GC()
			var ms0, ms1 runtime.MemStats
			runtime.ReadMemStats(&ms0)
			b.ResetTimer()
			for r := 0; r < b.N; r++ {
				for k := range meterImpls {
					j := (r + k) % len(meterImpls)
					call, n := calls[j], per[j]
					t0, ok0 := threadCPUPrecise()
					for range n {
						call(w.arg)
					}
					t1, ok1 := threadCPUPrecise()
					if !ok0 || !ok1 {
						b.Skip("no CPU time of the thread on this system")
					}
					slot[j] = float64(t1-t0) / float64(n)
				}
				for j := range meterImpls {
					times[j] = append(times[j], slot[j])
					ratios[j] = append(ratios[j], slot[j]/slot[0])
				}
			}
			b.StopTimer()
			runtime.ReadMemStats(&ms1)
			for j, impl := range meterImpls {
				b.ReportMetric(median(times[j]), impl+"-ns/call")
				if j > 0 {
					b.ReportMetric(median(ratios[j]), impl+"/wazero")
				}
			}
			b.ReportMetric(float64(ms1.NumGC-ms0.NumGC), "gcs")
		})
	}
}

// median returns the median of v (which it sorts).
func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	if n := len(v); n%2 == 0 {
		return (v[n/2-1] + v[n/2]) / 2
	}
	return v[len(v)/2]
}
