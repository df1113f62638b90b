package wasmedge

import (
	"math"
	"sync"
	"time"

	"github.com/pureedge/pureedge/internal/meter"
)

// Statistics records what executions cost, as WasmEdge's: execution time
// (with Configure's time measuring), the number of Wasm instructions executed
// (instruction counting) and their cost (cost measuring), with a cost limit.
//
// Instructions are counted by WasmEdge's interpreter's rule: every
// instruction executed counts once, block, loop (on every iteration), if,
// else and end included, and so does the end reached by a branch out of a
// block; an if whose condition is false counts its else (if any) and its
// end. Counting is done by instrumenting the module before it is compiled,
// so counts are the same on the compiler and on the interpreter, run after
// run. Where it differs from WasmEdge: a run that traps counts the rest of
// the straight-line code of the trapping instruction; exception handling's
// instructions are counted as they are met, without WasmEdge's special
// cases; and concurrent calls on one instance may lose counts.
//
// The cost table applies to modules compiled (validated) after it is set.
type Statistics struct {
	mu      sync.Mutex
	elapsed time.Duration
	table   []uint64 // nil: every instruction costs 1
	m       *meter.Stats
}

// NewStatistics creates empty statistics, with every instruction costing 1
// and no cost limit.
func NewStatistics() *Statistics { return &Statistics{m: meter.NewStats()} }

func (self *Statistics) measure(run func() ([]interface{}, error)) ([]interface{}, error) {
	if self == nil {
		return run()
	}
	start := time.Now()
	res, err := run()
	d := time.Since(start)
	self.mu.Lock()
	self.elapsed += d
	self.mu.Unlock()
	return res, err
}

func (self *Statistics) reset() {
	self.mu.Lock()
	self.elapsed = 0
	self.mu.Unlock()
	self.m.Reset()
}

func (self *Statistics) execTime() time.Duration {
	self.mu.Lock()
	defer self.mu.Unlock()
	return self.elapsed
}

// costTable is the table compiled code charges from (nil: all ones).
func (self *Statistics) costTable() []uint64 {
	if self == nil {
		return nil
	}
	self.mu.Lock()
	defer self.mu.Unlock()
	return self.table
}

// GetInstrCount returns the number of Wasm instructions executed, counted
// when the Configure turns instruction counting on (see Statistics).
func (self *Statistics) GetInstrCount() uint {
	if self == nil {
		return 0
	}
	return uint(self.m.InstrCount())
}

// GetInstrPerSecond returns the instruction count divided by the measured
// execution time in seconds (+Inf or NaN before any time was measured, as
// WasmEdge's).
func (self *Statistics) GetInstrPerSecond() float64 {
	if self == nil {
		return 0
	}
	return float64(self.m.InstrCount()) / self.execTime().Seconds()
}

// GetTotalCost returns the cost of the instructions executed and of the host
// functions called, measured when the Configure turns cost measuring on.
func (self *Statistics) GetTotalCost() uint {
	if self == nil {
		return 0
	}
	return uint(self.m.TotalCost())
}

// SetCostTable sets the cost of each instruction, in WasmEdge's layout: the
// table is indexed by WasmEdge's OpCode value (its enumeration of opcodes,
// prefixed ones included), 65,536 entries. A shorter table is padded with
// zeros (an empty one makes every instruction free) and a longer one is cut.
// It applies to modules compiled after the call.
func (self *Statistics) SetCostTable(table []uint64) {
	if self == nil {
		return
	}
	t := make([]uint64, meter.TableSize)
	copy(t, table)
	self.mu.Lock()
	self.table = t
	self.mu.Unlock()
}

// SetCostLimit sets the cost limit: a run whose cost would pass it stops
// with "cost limit exceeded" (0x0003). The default is no limit. A limit of 0
// lets only free instructions run, as in WasmEdge. The limit is unsigned, as
// WasmEdge's uint64_t: a negative int converted to uint is a huge limit.
func (self *Statistics) SetCostLimit(limit uint) {
	if self == nil {
		return
	}
	self.m.SetLimit(uint64(limit))
}

// dump logs the statistics the configuration measures at info level, in
// WasmEdge's format, as WasmEdge does after every execution. Host functions'
// time is not measured apart: it is part of the Wasm time, and the host
// line reads 0.
func (self *Statistics) dump(conf *Configure) {
	if self == nil || !(conf.timeMeasure || conf.instrCount || conf.costMeasure) {
		return
	}
	logf(logLevelInfo, "====================  Statistics  ====================")
	if conf.timeMeasure {
		ns := self.execTime().Nanoseconds()
		logf(logLevelInfo, " Total execution time: %d ns", ns)
		logf(logLevelInfo, " Wasm instructions execution time: %d ns", ns)
		logf(logLevelInfo, " Host functions execution time: %d ns", 0)
	}
	if conf.instrCount {
		logf(logLevelInfo, " Executed wasm instructions count: %d", self.GetInstrCount())
	}
	if conf.costMeasure {
		logf(logLevelInfo, " Gas costs: %d", self.GetTotalCost())
	}
	if conf.instrCount && conf.timeMeasure {
		ips := self.GetInstrPerSecond()
		v := uint64(math.MaxUint64)
		if !math.IsNaN(ips) && !math.IsInf(ips, 0) {
			v = uint64(ips)
		}
		logf(logLevelInfo, " Instructions per second: %d", v)
	}
	logf(logLevelInfo, "=======================   End   ======================")
}

// Release frees the statistics.
func (self *Statistics) Release() {}
