package wasmedge

import (
	"sync"
	"time"

	"github.com/pureedge/pureedge/internal/errcode"
)

// Statistics records what executions cost. Execution time is measured;
// instruction counting and gas (cost tables and limits) are not supported
// yet: their getters return 0 and SetCostLimit logs an error.
type Statistics struct {
	mu      sync.Mutex
	elapsed time.Duration
}

// NewStatistics creates empty statistics.
func NewStatistics() *Statistics { return &Statistics{} }

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
}

// GetInstrCount returns the number of instructions executed. Not supported
// yet: it returns 0.
func (self *Statistics) GetInstrCount() uint { return 0 }

// GetInstrPerSecond returns instructions per second. Not supported yet: it
// returns 0.
func (self *Statistics) GetInstrPerSecond() float64 { return 0 }

// GetTotalCost returns the gas used. Not supported yet: it returns 0.
func (self *Statistics) GetTotalCost() uint { return 0 }

// SetCostTable sets the cost of each instruction. Not supported yet.
func (self *Statistics) SetCostTable(table []uint64) {
	logError(errcode.New(errcode.RuntimeError, "Statistics.SetCostTable: gas metering is not supported yet"))
}

// SetCostLimit sets the gas limit. Not supported yet.
func (self *Statistics) SetCostLimit(limit uint) {
	logError(errcode.New(errcode.RuntimeError, "Statistics.SetCostLimit: gas metering is not supported yet"))
}

// Release frees the statistics.
func (self *Statistics) Release() {}
