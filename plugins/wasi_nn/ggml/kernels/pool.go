package kernels

import (
	"runtime"
	"sync/atomic"
	"time"
)

// spinTime is how long an idle worker, or a caller waiting for the last
// chunks, polls before it sleeps. Tasks of one token follow each other
// within microseconds, so the workers of a generating context rarely
// sleep; between requests they do.
const spinTime = 50 * time.Microsecond

// retired is the chunk number of a task being set up: above every real
// chunk number (they fit in 31 bits), so that no claim succeeds.
const retired = 1<<31 - 1

// Pool runs parallel loops on worker goroutines that live as long as the
// pool. A task's range is cut into chunks; a single atomic word holds the
// task's number (high 32 bits) and the next chunk to hand out (low 32
// bits), so that a worker claims a chunk of the current task or learns
// that it is over with one compare-and-swap, and a worker that wakes late
// never runs a chunk of a finished task. The caller takes chunks too and
// waits only for chunks in progress, not for workers that have not woken
// up. No goroutine is started and no channel is used per task unless a
// worker or the caller had gone to sleep. A Pool of one thread runs every
// task on the caller. A Pool is used by one goroutine at a time; Close
// stops its workers.
type Pool struct {
	threads int
	workers []*worker

	// The words every claim and every finished chunk write sit on cache
	// lines of their own, apart from each other and from the fields the
	// claims only read, so that a thread's write does not take those lines
	// from the other threads.
	_     [64]byte
	state atomic.Uint64 // task<<32 | next chunk
	_     [56]byte
	done  atomic.Int32 // chunks of the current task finished
	_     [60]byte
	stop  atomic.Bool

	// The caller asleep waiting for the last chunk.
	waiting atomic.Bool
	wake    chan struct{}

	// The current task, written before state announces it and read by a
	// worker only after it has claimed a chunk of it.
	fn    func(lo, hi int)
	n     int
	grain int

	nChunks atomic.Int32 // read before a claim, so atomic
}

type worker struct {
	sleeping atomic.Bool
	wake     chan struct{}
}

// NewPool starts a pool of threads threads (the caller and threads-1 workers).
func NewPool(threads int) *Pool {
	p := &Pool{threads: max(1, threads), wake: make(chan struct{}, 1)}
	for i := 1; i < p.threads; i++ {
		w := &worker{wake: make(chan struct{}, 1)}
		p.workers = append(p.workers, w)
		go p.work(w)
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
	p.wakeWorkers()
	p.workers, p.threads = nil, 1
}

// Run calls fn over [0, n) split into chunks of grain indices (the last
// may be shorter), in parallel, and returns when all calls have returned.
func (p *Pool) Run(n, grain int, fn func(lo, hi int)) {
	if n <= 0 {
		return
	}
	grain = max(1, grain, n>>30+1) // chunk numbers fit in 31 bits
	if p == nil || p.threads == 1 || n <= grain {
		fn(0, n)
		return
	}
	// Retire the last task before changing the fields its chunks read: a
	// worker that loaded the last task's state, and this task's chunk
	// count, would otherwise claim by compare-and-swap a chunk that is not
	// there, run it with this task's fields and count it done twice
	// (TestPool caught it). Its swap fails once the state has moved on.
	task := p.state.Load()>>32 + 1
	p.state.Store(task<<32 | retired)
	p.fn, p.n, p.grain = fn, n, grain
	p.nChunks.Store(int32((n + grain - 1) / grain))
	p.done.Store(0)
	p.state.Store(task << 32)
	p.wakeWorkers()
	p.chunks(uint32(task))
	p.awaitDone()
	p.fn = nil
}

func (p *Pool) wakeWorkers() {
	for _, w := range p.workers {
		// A load first: a spinning worker never sleeps, and a failed
		// swap would still take its cache line.
		if w.sleeping.Load() && w.sleeping.CompareAndSwap(true, false) {
			w.wake <- struct{}{}
		}
	}
}

// chunks runs chunks of task until none is left.
func (p *Pool) chunks(task uint32) {
	for i := 1; ; i++ {
		s := p.state.Load()
		nc := p.nChunks.Load()
		if uint32(s) == retired && uint32(s>>32) == task {
			// Run is setting the task up: its chunks come next, within
			// nanoseconds unless Run's goroutine was descheduled.
			if i&63 == 0 {
				runtime.Gosched()
			}
			continue
		}
		if uint32(s>>32) != task || int32(uint32(s)) >= nc {
			return
		}
		if !p.state.CompareAndSwap(s, s+1) {
			continue
		}
		// The chunk is ours, so the task's fields stay as they are
		// until we report it done.
		lo := int(uint32(s)) * p.grain
		p.fn(lo, min(lo+p.grain, p.n))
		if p.done.Add(1) == nc && p.waiting.CompareAndSwap(true, false) {
			p.wake <- struct{}{}
		}
	}
}

// awaitDone returns when every chunk of the current task has been run.
func (p *Pool) awaitDone() {
	var start time.Time
	nc := p.nChunks.Load()
	for i := 1; p.done.Load() != nc; i++ {
		if i&255 != 0 {
			continue
		}
		if start.IsZero() {
			start = time.Now()
		}
		if time.Since(start) < spinTime {
			runtime.Gosched()
			continue
		}
		p.waiting.Store(true)
		if p.done.Load() == nc {
			if !p.waiting.CompareAndSwap(true, false) {
				<-p.wake // the last chunk saw us waiting and sent a wake-up
			}
			return
		}
		<-p.wake
		return
	}
}

func (p *Pool) work(w *worker) {
	var seen uint32
	for {
		task, ok := p.await(w, seen)
		if !ok {
			return
		}
		p.chunks(task)
		seen = task
	}
}

// await returns the number of the first task after seen: it polls for
// spinTime, then sleeps until Run wakes it. It reports false when the
// pool is closed.
func (p *Pool) await(w *worker, seen uint32) (uint32, bool) {
	start := time.Now()
	for i := 1; ; i++ {
		if p.stop.Load() {
			return 0, false
		}
		if t := uint32(p.state.Load() >> 32); t != seen {
			return t, true
		}
		if i&255 != 0 || time.Since(start) < spinTime {
			continue
		}
		w.sleeping.Store(true)
		if t := uint32(p.state.Load() >> 32); t != seen || p.stop.Load() {
			if !w.sleeping.CompareAndSwap(true, false) {
				<-w.wake // Run saw us asleep and sent a wake-up: take it
			}
			continue
		}
		<-w.wake
		start = time.Now()
	}
}
