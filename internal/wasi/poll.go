package wasi

import (
	"encoding/binary"
	"time"

	"golang.org/x/sys/unix"
)

// Event types of preview 1.
const (
	eventClock   = 0
	eventFdRead  = 1
	eventFdWrite = 2
)

const (
	subscriptionSize = 48
	eventSize        = 32
	// maxSubscriptions bounds one poll (each costs 48 guest bytes and a
	// host pollfd).
	maxSubscriptions = 1 << 16
)

type pollSub struct {
	userdata uint64
	tag      uint8
	fd       uint32
	deadline int64 // clock: absolute, in the clock's nanoseconds
	clockID  uint32
}

// pollOneoff waits for events: clock timeouts, and descriptors ready to
// read or write.
//
// # Parameters
//   - in: nsubscriptions subscriptions (48 bytes each: u64 userdata @0, u8
//     tag @8, then clock {u32 id @16, u64 timeout @24, u64 precision @32,
//     u16 flags @40 (ABSTIME 1)} or fd_readwrite {u32 fd @16});
//   - out: room for nsubscriptions events (32 bytes each: u64 userdata @0,
//     u16 error @8, u8 type @10, u64 nbytes @16, u16 flags @24);
//   - nsubscriptions; nevents_ptr (u32 out).
//
// # Result (Errno)
//   - EINVAL: no subscriptions or more than 65536, an unknown tag or clock;
//   - EFAULT: in, out or nevents outside memory.
//
// # Notes
// Regular files and directories are always ready (read and write, as
// POSIX). Sockets and host streams are polled with the host's poll(2), with
// the earliest clock as the timeout. A descriptor that is not open, or
// lacks POLL_FD_READWRITE, gives an event with EBADF or ENOTCAPABLE rather
// than failing the call. epoll_oneoff, WasmEdge's edge-triggered variant,
// is served by the same code: each call polls afresh, so an event is
// reported while the condition holds (level-triggered), which is a superset
// of what an edge-triggered loop waits for. A wait ends the run with
// "execution interrupted" once the call's context is done (within
// waitSlice, see wait.go).
//
// See #poll_oneoff.
func pollOneoff(c call, p []uint64) Errno {
	in, out, n := u32(p[0]), u32(p[1]), u32(p[2])
	if n == 0 || n > maxSubscriptions {
		return EINVAL
	}
	raw, ok := c.m.bytes(in, n*subscriptionSize)
	if !ok {
		return EFAULT
	}
	evOut, ok := c.m.bytes(out, n*eventSize)
	if !ok {
		return EFAULT
	}
	if _, ok := c.m.bytes(u32(p[3]), 4); !ok {
		return EFAULT
	}
	le := binary.LittleEndian
	subs := make([]pollSub, n)
	var events []byte
	emit := func(s *pollSub, errno Errno, nbytes uint64) {
		var ev [eventSize]byte
		le.PutUint64(ev[0:], s.userdata)
		le.PutUint16(ev[8:], uint16(errno))
		ev[10] = s.tag
		le.PutUint64(ev[16:], nbytes)
		events = append(events, ev[:]...)
	}
	var pfds []unix.PollFd
	var pidx []int
	var held []*file // the polled descriptors, kept open until the call ends
	defer func() {
		for _, f := range held {
			f.release()
		}
	}()
	earliest := int64(-1) // relative ns until the first clock fires
	now := nanotime()
	for i := range subs {
		b := raw[i*subscriptionSize:]
		s := &subs[i]
		s.userdata, s.tag = le.Uint64(b[0:]), b[8]
		switch s.tag {
		case eventClock:
			s.clockID = le.Uint32(b[16:])
			timeout, flags := le.Uint64(b[24:]), le.Uint16(b[40:])
			if s.clockID > clockThreadCPU {
				return EINVAL
			}
			rel := int64(min(timeout, 1<<62))
			if flags&1 != 0 {
				base := now
				if s.clockID == clockRealtime {
					base = time.Now().UnixNano()
				}
				rel -= base
			}
			rel = max(rel, 0)
			s.deadline = now + rel
			if earliest < 0 || rel < earliest {
				earliest = rel
			}
		case eventFdRead, eventFdWrite:
			s.fd = le.Uint32(b[16:])
			f, errno := c.file(s.fd, RightPollFdReadwrite)
			if errno != ESUCCESS {
				emit(s, errno, 0)
				continue
			}
			held = append(held, f)
			if f.hostFD < 0 || f.ftype == ftRegular || f.ftype == ftDirectory {
				emit(s, ESUCCESS, 0)
				continue
			}
			ev := int16(unix.POLLIN)
			if s.tag == eventFdWrite {
				ev = unix.POLLOUT
			}
			pfds = append(pfds, unix.PollFd{Fd: int32(f.hostFD), Events: ev})
			pidx = append(pidx, i)
		default:
			return EINVAL
		}
	}
	cancellable := c.cancellable()
	for {
		// How long this round may block: not at all once there are events,
		// else until the earliest clock (-1: for ever).
		wait := time.Duration(-1)
		if len(events) > 0 {
			wait = 0
		} else if earliest >= 0 {
			wait = max(time.Duration(earliest-(nanotime()-now)), 0)
		}
		if len(pfds) > 0 {
			// A poll blocks at most waitSlice when the context can be done.
			if cancellable && wait != 0 {
				c.checkInterrupt()
				if wait < 0 || wait > waitSlice {
					wait = waitSlice
				}
			}
			for i := range pfds {
				pfds[i].Revents = 0
			}
			ms := -1
			if wait >= 0 {
				ms = int((wait + time.Millisecond - 1) / time.Millisecond)
			}
			_, err := unix.Poll(pfds, ms)
			if err != nil && err != unix.EINTR {
				return errnoOf(err)
			}
			for i, pf := range pfds {
				if pf.Revents == 0 {
					continue
				}
				s := &subs[pidx[i]]
				errno := ESUCCESS
				if pf.Revents&unix.POLLNVAL != 0 {
					errno = EBADF
				}
				var nbytes uint64
				if s.tag == eventFdRead && pf.Revents&unix.POLLIN != 0 {
					if v, err := unix.IoctlGetInt(int(pf.Fd), fionread); err == nil && v > 0 {
						nbytes = uint64(v)
					}
				}
				emit(s, errno, nbytes)
				if pf.Revents&unix.POLLHUP != 0 && len(events) >= eventSize {
					le.PutUint16(events[len(events)-eventSize+24:], 1) // FD_READWRITE_HANGUP
				}
			}
		} else {
			c.sleep(wait)
		}
		elapsed := nanotime()
		for i := range subs {
			if subs[i].tag == eventClock && subs[i].deadline <= elapsed {
				emit(&subs[i], ESUCCESS, 0)
			}
		}
		if len(events) > 0 {
			break
		}
	}
	nev := uint32(len(events) / eventSize)
	copy(evOut, events)
	if !c.m.putU32(u32(p[3]), nev) {
		return EFAULT
	}
	return ESUCCESS
}
