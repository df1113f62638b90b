package kernels

import (
	"runtime"
	"sync/atomic"
	"time"
)

// spinTime is how long an idle worker polls for the next task before it
// parks. Tasks of one token follow each other within microseconds, so the
// workers of a generating context rarely park; between requests they do.
const spinTime = 100 * time.Microsecond

// Pool runs parallel loops on worker goroutines that live as long as the
// pool: a task is published by bumping a generation counter, its range is
// handed out in chunks by an atomic counter, and the caller takes chunks
// too. There is no goroutine creation and no channel operation per task
// unless a worker had gone to sleep. A Pool of one thread runs every task
// on the caller. A Pool is used by one goroutine at a time; Close stops
// its workers.
type Pool struct {
	threads int
	workers []*worker

	gen     atomic.Uint32 // bumped for every task
	stop    atomic.Bool
	pending atomic.Int32 // workers that have not finished the current task
	next    atomic.Int64 // next index of the current task to hand out

	// The current task, written before gen is bumped.
	fn    func(lo, hi int)
	n     int
	grain int
}

type worker struct {
	sleeping atomic.Bool
	wake     chan struct{}
}

// NewPool starts a pool of threads threads (the caller and threads-1 workers).
func NewPool(threads int) *Pool {
	p := &Pool{threads: max(1, threads)}
	for i := 1; i < p.threads; i++ {
		w := &worker{wake: make(chan struct{}, 1)}
		p.workers = append(p.workers, w)
		go p.work(w, p.gen.Load())
	}
	return p
}

// Threads is the number of threads tasks run on.
func (p *Pool) Threads() int {
	if p == nil {
		return 1
	}
	return p.threads
}

// Close stops the workers. The pool then runs tasks on the caller alone.
func (p *Pool) Close() {
	if p == nil || len(p.workers) == 0 {
		return
	}
	p.stop.Store(true)
	p.dispatch(nil, 0, 1)
	p.workers, p.threads = nil, 1
}

// Run calls fn over [0, n) split into chunks of about grain indices, in
// parallel, and returns when all calls have returned.
func (p *Pool) Run(n, grain int, fn func(lo, hi int)) {
	if n <= 0 {
		return
	}
	grain = max(1, grain)
	if p == nil || p.threads == 1 || n <= grain {
		fn(0, n)
		return
	}
	p.dispatch(fn, n, grain)
}

func (p *Pool) dispatch(fn func(lo, hi int), n, grain int) {
	p.fn, p.n, p.grain = fn, n, grain
	p.next.Store(0)
	p.pending.Store(int32(len(p.workers)))
	p.gen.Add(1)
	for _, w := range p.workers {
		if w.sleeping.CompareAndSwap(true, false) {
			w.wake <- struct{}{}
		}
	}
	if fn != nil {
		p.chunks()
	}
	for i := 0; p.pending.Load() != 0; i++ {
		if i&63 == 63 {
			runtime.Gosched()
		}
	}
	p.fn = nil
}

// chunks takes chunks of the current task until none is left.
func (p *Pool) chunks() {
	n, g := int64(p.n), int64(p.grain)
	for {
		lo := p.next.Add(g) - g
		if lo >= n {
			return
		}
		p.fn(int(lo), int(min(lo+g, n)))
	}
}

// work runs tasks after generation seen (read before the goroutine
// started, so that it cannot miss the first task).
func (p *Pool) work(w *worker, seen uint32) {
	for {
		seen = p.await(w, seen)
		if p.stop.Load() {
			p.pending.Add(-1)
			return
		}
		p.chunks()
		p.pending.Add(-1)
	}
}

// await returns the generation of the next task after seen: it polls for
// spinTime, then sleeps until dispatch wakes it.
func (p *Pool) await(w *worker, seen uint32) uint32 {
	start := time.Now()
	for i := 1; ; i++ {
		if g := p.gen.Load(); g != seen {
			return g
		}
		if i&255 != 0 || time.Since(start) < spinTime {
			continue
		}
		w.sleeping.Store(true)
		if g := p.gen.Load(); g != seen {
			if !w.sleeping.CompareAndSwap(true, false) {
				<-w.wake // dispatch saw us asleep and sent a wake-up: take it
			}
			return g
		}
		<-w.wake
		return p.gen.Load()
	}
}
