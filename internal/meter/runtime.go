package meter

import (
	"context"
	"math"
	"sync"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/errcode"
)

// TableSize is the length of WasmEdge's cost table: one entry per value of
// its 16-bit OpCode.
const TableSize = math.MaxUint16 + 1

// Stats accumulates the instruction count and the cost of the runs made
// with it, and holds the cost limit. Instances charge their own globals;
// Stats sums them when read, so that a read costs nothing to running code.
type Stats struct {
	count, cost uint64 // folded from detached instances and host functions
	limit       uint64
	insts       map[*Instance]struct{}
	// CostOn makes host functions charge their cost.
	CostOn bool
}

// NewStats returns empty statistics without a limit.
func NewStats() *Stats { return &Stats{limit: math.MaxUint64} } // insts is made on first attach

// mu guards the Stats and the registry. The meter globals of an instance are
// written by its own code and, from Go, by the check function on the same
// goroutine; Stats read them under mu.
var mu sync.Mutex

// Instance is the meter state of one instrumented module instance.
type Instance struct {
	mod               api.Module
	plan              *Plan
	poll, count, fuel api.MutableGlobal
	stats             *Stats
	granted           int64  // fuel given at the last refill
	hostTaken         uint64 // host functions' costs taken from the fuel since
}

var registry = map[api.Module]*Instance{}

// Register makes an instantiated module known to the meter (instances are
// also registered by their first safe point, which may come earlier, in a
// start function). It returns nil for a module that is not instrumented.
func Register(mod api.Module, plan *Plan) *Instance {
	mu.Lock()
	defer mu.Unlock()
	return registerLocked(mod, plan)
}

func registerLocked(mod api.Module, plan *Plan) *Instance {
	if inst, ok := registry[mod]; ok {
		return inst
	}
	poll, _ := mod.ExportedGlobal(ExportPoll).(api.MutableGlobal)
	count, _ := mod.ExportedGlobal(ExportCount).(api.MutableGlobal)
	fuel, _ := mod.ExportedGlobal(ExportFuel).(api.MutableGlobal)
	if poll == nil || count == nil || fuel == nil {
		return nil
	}
	if plan == nil {
		// An instance whose instantiation failed after its functions were
		// stored in a table: its plan is gone, so it gets no segment data.
		plan = &Plan{}
	}
	inst := &Instance{mod: mod, plan: plan, poll: poll, count: count, fuel: fuel}
	registry[mod] = inst
	return inst
}

// Unregister forgets a module being closed, keeping its counts in the
// statistics it was attached to.
func Unregister(mod api.Module) {
	mu.Lock()
	defer mu.Unlock()
	if inst, ok := registry[mod]; ok {
		inst.detachLocked()
		delete(registry, mod)
	}
}

// settleLocked moves what the instance has used into its statistics and
// empties its fuel, so that its next segment refuels.
func (inst *Instance) settleLocked() {
	s := inst.stats
	if s == nil {
		return
	}
	used := uint64(inst.granted - int64(inst.fuel.Get()))
	s.cost += used
	if inst.plan.Derived() {
		s.count += used - inst.hostTaken
	} else {
		s.count += inst.count.Get()
		inst.count.Set(0)
	}
	inst.granted, inst.hostTaken = 0, 0
	inst.fuel.Set(0)
}

// liveCount is the instructions the instance has counted since it settled.
func (inst *Instance) liveCount() uint64 {
	if inst.plan.Derived() {
		return uint64(inst.granted-int64(inst.fuel.Get())) - inst.hostTaken
	}
	return inst.count.Get()
}

// detachLocked folds the instance's counts into its statistics.
func (inst *Instance) detachLocked() {
	if inst.stats == nil {
		return
	}
	inst.settleLocked()
	delete(inst.stats.insts, inst)
	inst.stats = nil
}

func (inst *Instance) attachLocked(s *Stats) {
	if inst.stats == s || s == nil {
		return
	}
	inst.detachLocked()
	// Counts made while attached to nothing are dropped.
	inst.count.Set(0)
	inst.fuel.Set(0)
	inst.granted, inst.hostTaken = 0, 0
	inst.stats = s
	if s.insts == nil {
		s.insts = map[*Instance]struct{}{}
	}
	s.insts[inst] = struct{}{}
}

type statsKey struct{}
type planKey struct{}

// LastTableIndex returns the index of the last indirect call of a module
// instrumented with NoTableChecks (ExportTableIndex), or false for another
// module.
func LastTableIndex(mod api.Module) (uint32, bool) {
	if mod == nil {
		return 0, false
	}
	g := mod.ExportedGlobal(ExportTableIndex)
	if g == nil || g.Type() != api.ValueTypeI32 {
		return 0, false
	}
	return uint32(g.Get()), true
}

// WithStats returns a context whose runs are counted in s.
func WithStats(ctx context.Context, s *Stats) context.Context {
	return context.WithValue(ctx, statsKey{}, s)
}

// StatsFrom returns the statistics of a context, or nil.
func StatsFrom(ctx context.Context) *Stats {
	s, _ := ctx.Value(statsKey{}).(*Stats)
	return s
}

// WithPlan returns a context for the instantiation of a module instrumented
// by plan, so that safe points in its start function find the plan.
func WithPlan(ctx context.Context, p *Plan) context.Context {
	return context.WithValue(ctx, planKey{}, p)
}

// maxGrant is the most fuel given at once without a limit.
const maxGrant = 1 << 62

// Check is the instrumented code's check function: seg is PollSeg at a safe
// point, TrapUndefinedElement or TrapUninitializedElement from a table
// check (tablecheck.go), or the segment whose cost exhausted the
// instance's fuel. It stops
// the run with "execution interrupted" (0x0007) when ctx is done and with
// "cost limit exceeded" (0x0003) past the limit. Being a call into Go is
// what makes it a safe point: a garbage collection that stops the world, or
// the scheduler preempting a goroutine that has run too long (GOMAXPROCS=1
// included), takes the goroutine at the first Go function it enters. It
// does not yield by itself: runtime.Gosched costs a hand-off to another
// thread when the caller has locked its own, and the scheduler's
// preemption does the same job when it is needed.
func Check(ctx context.Context, mod api.Module, seg int32) {
	if err := tableTrap(seg); err != nil {
		panic(err)
	}
	s := StatsFrom(ctx)
	mu.Lock()
	inst := registry[mod]
	if inst == nil {
		p, _ := ctx.Value(planKey{}).(*Plan)
		inst = registerLocked(mod, p)
	}
	if inst == nil {
		mu.Unlock()
		panic(errcode.New(errcode.RuntimeError, "meter: check called by a module that is not instrumented"))
	}
	var over bool
	if seg == PollSeg {
		inst.poll.Set(PollEvery)
		inst.attachLocked(s)
	} else {
		over = inst.refuelLocked(int(seg), s)
	}
	mu.Unlock()
	if over {
		panic(errcode.New(errcode.CostLimitExceeded, "cost limit exceeded"))
	}
	if ctx.Err() != nil {
		panic(errcode.New(errcode.Interrupted, "execution interrupted"))
	}
}

// totalLocked is the cost charged so far.
func (s *Stats) totalLocked() uint64 {
	t := s.cost
	for inst := range s.insts {
		t += uint64(inst.granted - int64(inst.fuel.Get()))
	}
	return t
}

// fuelSlice is the most fuel given at once when the fuel checks are the
// safe points (Plan.FuelPolls): with every instruction costing at least 1,
// as many instructions as the loop iterations between two safe points of
// plain code (PollEvery passes of loopIters), a few milliseconds.
const fuelSlice = PollEvery * loopIters

// refuelLocked handles segment seg having driven the fuel below zero: it
// gives the instance what remains of the limit, or, if the segment does not
// fit, charges the segment's instructions up to the one that crosses the
// limit, as WasmEdge does one instruction at a time, and reports true.
func (inst *Instance) refuelLocked(seg int, s *Stats) bool {
	p := inst.plan
	if seg < 0 || seg >= len(p.Segments) {
		inst.attachLocked(s)
		inst.settleLocked()
		inst.granted = maxGrant
		inst.fuel.Set(maxGrant)
		return false
	}
	ops := p.Segments[seg]
	var c int64
	for _, op := range ops {
		c += int64(p.CostOf(op))
		if c > maxCharge {
			c = maxCharge
		}
	}
	// Undo the segment's charge and settle what came before it.
	inst.fuel.Set(uint64(int64(inst.fuel.Get()) + c))
	if p.Count && !p.Derived() {
		inst.count.Set(inst.count.Get() - uint64(len(ops)))
	}
	inst.attachLocked(s)
	s = inst.stats
	remaining := uint64(maxGrant)
	if s != nil {
		inst.settleLocked()
		total := s.totalLocked()
		remaining = 0
		if total < s.limit {
			remaining = s.limit - total
		}
	}
	if uint64(c) <= remaining {
		grant := int64(maxGrant)
		if p.FuelPolls() {
			grant = fuelSlice
		}
		if uint64(grant) > remaining {
			grant = int64(remaining)
		}
		if grant < c {
			grant = c
		}
		inst.granted = grant
		inst.fuel.Set(uint64(grant - c))
		if p.Count && !p.Derived() {
			inst.count.Set(inst.count.Get() + uint64(len(ops)))
		}
		return false
	}
	var sum uint64
	done := 0
	for _, op := range ops {
		done++
		cost := p.CostOf(op)
		if sum+cost > remaining {
			break
		}
		sum += cost
	}
	s.cost += sum
	if p.Count {
		s.count += uint64(done)
	}
	return true
}

// ChargeHost charges a host function's cost to the run of ctx, called from
// mod (nil if not from Wasm). It returns false, charging nothing, when the
// cost would pass the limit.
func ChargeHost(ctx context.Context, mod api.Module, cost uint64) bool {
	s := StatsFrom(ctx)
	if s == nil || !s.CostOn || cost == 0 {
		return true
	}
	mu.Lock()
	defer mu.Unlock()
	if t := s.totalLocked(); t > s.limit || cost > s.limit-t {
		return false
	}
	if inst := registry[mod]; inst != nil && inst.stats == s && inst.granted > 0 {
		// Taken from the caller's fuel, so that its grant stays within the limit.
		inst.fuel.Set(uint64(int64(inst.fuel.Get()) - int64(cost)))
		inst.hostTaken += cost
		return true
	}
	s.cost += cost
	return true
}

// InstrCount returns the instructions counted.
func (s *Stats) InstrCount() uint64 {
	mu.Lock()
	defer mu.Unlock()
	t := s.count
	for inst := range s.insts {
		t += inst.liveCount()
	}
	return t
}

// TotalCost returns the cost charged.
func (s *Stats) TotalCost() uint64 {
	mu.Lock()
	defer mu.Unlock()
	return s.totalLocked()
}

// SetLimit sets the cost limit. Instances already given fuel beyond the new
// limit get it back at their next segment.
func (s *Stats) SetLimit(limit uint64) {
	mu.Lock()
	defer mu.Unlock()
	s.limit = limit
	for inst := range s.insts {
		inst.settleLocked() // its next segment refuels under the new limit
	}
}

// Limit returns the cost limit.
func (s *Stats) Limit() uint64 {
	mu.Lock()
	defer mu.Unlock()
	return s.limit
}

// Reset clears the counts (not the limit).
func (s *Stats) Reset() {
	mu.Lock()
	defer mu.Unlock()
	for inst := range s.insts {
		inst.settleLocked()
	}
	s.count, s.cost = 0, 0
}
