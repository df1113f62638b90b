package wasi

import (
	"time"

	"golang.org/x/sys/unix"

	"github.com/pureedge/pureedge/internal/errcode"
)

// Waiting in a host function, interruptibly.
//
// Host sockets are always non-blocking (O_NONBLOCK): a socket the guest
// sees as blocking (its NONBLOCK fdflag clear, which the descriptor entry
// keeps) is served by retrying the system call after poll(2) says the
// socket is ready. The poll blocks at most waitSlice at a time when the
// call's context can be done (a time limit, Async.Cancel, ExecuteContext),
// and the context is looked at between slices: once it is done the call
// ends the run with "execution interrupted" (0x0007), as a running guest is
// stopped. A context that can never be done is never looked at, and the
// poll has no timeout.

// waitSlice is the longest a wait blocks before it looks at the call's
// context again: the bound on how late a blocked call sees an interrupt.
const waitSlice = 10 * time.Millisecond

// interrupt ends the run: the call's context is done. The engine turns the
// panic into the run's result (0x0007), as it turns proc_exit's.
func interrupt() {
	panic(errcode.New(errcode.Interrupted, "execution interrupted"))
}

// cancellable reports whether the call's context can ever be done.
func (c *call) cancellable() bool { return c.ctx != nil && c.ctx.Done() != nil }

// checkInterrupt ends the run if the call's context is done.
func (c *call) checkInterrupt() {
	if c.ctx != nil && c.ctx.Err() != nil {
		interrupt()
	}
}

// blocking reports whether the guest sees f as blocking.
func (f *file) blocking() bool { return f.flags&fdflagNonblock == 0 }

// waitFD waits until the host descriptor fd is ready for events
// (unix.POLLIN or unix.POLLOUT; an error or a hang-up counts as ready, so
// that the retried call reports it), for at most timeout (0: no limit). It
// returns false when the timeout passed first, and ends the run when the
// call's context is done first.
func (c *call) waitFD(fd int, events int16, timeout time.Duration) bool {
	cancellable := c.cancellable()
	var deadline int64
	if timeout > 0 {
		deadline = nanotime() + int64(timeout)
	}
	pfd := [1]unix.PollFd{{Fd: int32(fd), Events: events}}
	for {
		ms := -1
		if cancellable {
			c.checkInterrupt()
			ms = int(waitSlice / time.Millisecond)
		}
		if deadline != 0 {
			left := deadline - nanotime()
			if left <= 0 {
				return false
			}
			if lms := int((left + int64(time.Millisecond) - 1) / int64(time.Millisecond)); ms < 0 || lms < ms {
				ms = lms
			}
		}
		pfd[0].Revents = 0
		n, err := unix.Poll(pfd[:], ms)
		if n > 0 || (err != nil && err != unix.EINTR) {
			return true
		}
	}
}

// again reports whether a call on socket f that failed with err is to be
// made again: after a signal, or, when the guest sees f as blocking and err
// is EAGAIN, once f is ready for events within timeout (see waitFD).
func (c *call) again(f *file, err error, events int16, timeout time.Duration) bool {
	return err == unix.EINTR || err == unix.EAGAIN && f.blocking() && c.waitFD(f.hostFD, events, timeout)
}

// Kinds of sockOp.
const (
	opRecv = iota
	opSend
	opRead
	opWrite
)

// sockOp is the system call transfer makes: recvmsg with flags (whose
// last results it keeps), sendmsg to to (nil: the peer), read or write.
// (A struct, not a func value, so that the guest's buffers stay off the
// heap.)
type sockOp struct {
	kind   uint8
	flags  int
	to     unix.Sockaddr
	rflags int
	from   unix.Sockaddr
}

func (o *sockOp) do(fd int, bufs [][]byte) (int, error) {
	switch o.kind {
	case opRecv:
		n, _, rflags, from, err := unix.RecvmsgBuffers(fd, bufs, nil, o.flags)
		o.rflags, o.from = rflags, from
		return n, err
	case opSend:
		return unix.SendmsgBuffers(fd, bufs, nil, o.to, msgNoSignal)
	case opRead:
		return unix.Read(fd, bufs[0])
	}
	return unix.Write(fd, bufs[0])
}

// transfer makes op's call on socket f with bufs, again as long as again
// says (a receive waits for input and SO_RCVTIMEO, a send for room and
// SO_SNDTIMEO), and, when whole, until bufs are done or the peer has
// closed. An error after some data ends it with the data, as on a blocking
// host socket.
func (c *call) transfer(f *file, bufs [][]byte, op *sockOp, whole bool) (int, error) {
	events, timeout := int16(unix.POLLIN), f.rcvTimeo
	if op.kind == opSend || op.kind == opWrite {
		events, timeout = unix.POLLOUT, f.sndTimeo
	}
	total := 0
	for {
		n, err := op.do(f.hostFD, bufs)
		if c.again(f, err, events, timeout) {
			continue
		}
		if err != nil {
			if total > 0 {
				return total, nil
			}
			return 0, err
		}
		total += max(n, 0)
		if !whole || n <= 0 {
			return total, nil
		}
		if bufs = advance(bufs, n); sizeOf(bufs) == 0 {
			return total, nil
		}
	}
}

// sleep waits for d, ending the run if the call's context is done first
// (a sleep no longer than waitSlice looks at the context only before).
func (c *call) sleep(d time.Duration) {
	if d <= 0 {
		return
	}
	if !c.cancellable() || d <= waitSlice {
		c.checkInterrupt()
		time.Sleep(d)
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-c.ctx.Done():
		interrupt()
	}
}

// advance drops the first n bytes of bufs (a partial transfer).
func advance(bufs [][]byte, n int) [][]byte {
	for len(bufs) > 0 && n >= len(bufs[0]) {
		n -= len(bufs[0])
		bufs = bufs[1:]
	}
	if len(bufs) > 0 {
		bufs[0] = bufs[0][n:]
	}
	return bufs
}

// sizeOf is the total length of bufs.
func sizeOf(bufs [][]byte) int {
	n := 0
	for _, b := range bufs {
		n += len(b)
	}
	return n
}
