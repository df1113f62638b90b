package wasi

import (
	"context"
	"encoding/binary"
	"net"
	"net/netip"
	"strconv"
	"time"
)

// getaddrinfo's flags and protocols in WasmEdge's numbering.
const (
	aiPassive     = 1 << 0
	aiCanonname   = 1 << 1
	aiNumerichost = 1 << 2
	aiNumericserv = 1 << 3
	aiAll         = 0x7f

	protoIP  = 0
	protoTCP = 1
	protoUDP = 2

	addrinfoSize = 28
	sockaddrSize = 12
	// maxAddrinfo bounds the guest's result array.
	maxAddrinfo = 1024
	// resolveTimeout bounds one name lookup.
	resolveTimeout = 10 * time.Second
)

// sockGetaddrinfo resolves a host and service name through Go's resolver.
//
// # Parameters
//   - node, node_len: the host name or address (may be empty);
//   - service, service_len: a port number or service name (may be empty);
//   - hints_ptr: an addrinfo (28 bytes: u16 flags @0, u8 family @2, u8
//     socktype @3, u8 protocol @4, u32 addrlen @8, u32 addr @12, u32
//     canonname @16, u32 canonname_len @20, u32 next @24);
//   - res_ptr: a u32 pointer to the first of a chain of addrinfos the guest
//     has laid out (linked by next), each with an addr pointing at a
//     sockaddr (12 bytes: u8 family @0, u32 sa_data_len @4, u32 sa_data @8)
//     and a canonname buffer of canonname_len bytes;
//   - max_res_len: how many of them there are; res_len_ptr (u32 out): how
//     many were filled.
//
// # Result (Errno)
//   - EAINONAME: both names empty, or the host not found; EAIMEMORY:
//     max_res_len 0; EAIBADFLAG: unknown flags, or CANONNAME without node;
//     EAIFAMILY: unknown family; ENOSYS: unknown protocol or socket type;
//     EAISERVICE: unknown service; EFAULT: anything outside memory.
//
// # Notes
// Each result's sa_data holds what follows the family in the host's
// sockaddr, as WasmEdge copies it: the port in network order and the IPv4
// address (14 bytes, zero-padded), or the port, flow info, IPv6 address and
// scope (26 bytes); it is cut to the guest's sa_data_len, which is set to
// what was written. With socket type ANY each address gives a stream and a
// datagram result. A lookup waits at most 10 s, and ends the run with
// "execution interrupted" when the run's context is done first.
//
// See WasmEdge's WasiSockGetAddrinfo.
func sockGetaddrinfo(c call, p []uint64) Errno {
	nodePtr, nodeLen, svcPtr, svcLen := u32(p[0]), u32(p[1]), u32(p[2]), u32(p[3])
	hintsPtr, resPtr, maxRes, resLenPtr := u32(p[4]), u32(p[5]), u32(p[6]), u32(p[7])
	if nodeLen > maxPath || svcLen > maxPath {
		return ENAMETOOLONG
	}
	node, ok1 := c.m.str(nodePtr, nodeLen)
	svc, ok2 := c.m.str(svcPtr, svcLen)
	hints, ok3 := c.m.bytes(hintsPtr, addrinfoSize)
	first, ok4 := c.m.u32(resPtr)
	_, ok5 := c.m.bytes(resLenPtr, 4)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 {
		return EFAULT
	}
	le := binary.LittleEndian
	flags, family, stype, proto := le.Uint16(hints), hints[2], hints[3], hints[4]
	switch {
	case node == "" && svc == "":
		return EAINONAME
	case maxRes < 1:
		return EAIMEMORY
	case flags&^aiAll != 0, flags&aiCanonname != 0 && node == "":
		return EAIBADFLAG
	case family > afInet6:
		return EAIFAMILY
	case proto > protoUDP, stype > sockStream:
		return ENOSYS
	}
	maxRes = min(maxRes, maxAddrinfo)
	// Walk the guest's chain first, so that a bad pointer fails before any
	// lookup.
	type slot struct{ ai, sa, saData, saDataLen, canon, canonLen uint32 }
	slots := make([]slot, 0, maxRes)
	for ptr, i := first, uint32(0); i < maxRes; i++ {
		ai, ok := c.m.bytes(ptr, addrinfoSize)
		if !ok {
			return EFAULT
		}
		s := slot{ai: ptr, sa: le.Uint32(ai[12:]), canon: le.Uint32(ai[16:]), canonLen: le.Uint32(ai[20:])}
		sa, ok := c.m.bytes(s.sa, sockaddrSize)
		if !ok {
			return EFAULT
		}
		s.saDataLen, s.saData = le.Uint32(sa[4:]), le.Uint32(sa[8:])
		if _, ok := c.m.bytes(s.saData, s.saDataLen); !ok {
			return EFAULT
		}
		if _, ok := c.m.bytes(s.canon, s.canonLen); !ok {
			return EFAULT
		}
		slots = append(slots, s)
		ptr = le.Uint32(ai[24:])
	}

	ctx, cancel := context.WithTimeout(c.context(), resolveTimeout)
	defer cancel()
	var addrs []netip.Addr
	switch {
	case node == "" && flags&aiPassive != 0:
		addrs = []netip.Addr{netip.IPv4Unspecified(), netip.IPv6Unspecified()}
	case node == "":
		addrs = []netip.Addr{netip.MustParseAddr("127.0.0.1"), netip.IPv6Loopback()}
	default:
		if a, err := netip.ParseAddr(node); err == nil {
			addrs = []netip.Addr{a.Unmap()}
		} else if flags&aiNumerichost != 0 {
			return EAINONAME
		} else {
			ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", node)
			if err != nil || len(ips) == 0 {
				c.checkInterrupt() // cut short by the run's context
				return EAINONAME
			}
			for _, ip := range ips {
				addrs = append(addrs, ip.Unmap())
			}
		}
	}
	port := 0
	if svc != "" {
		n, err := strconv.ParseUint(svc, 10, 16)
		switch {
		case err == nil:
			port = int(n)
		case flags&aiNumericserv != 0:
			return EAINONAME
		default:
			network := "tcp"
			if stype == sockDgram || proto == protoUDP {
				network = "udp"
			}
			if port, err = net.DefaultResolver.LookupPort(ctx, network, svc); err != nil {
				c.checkInterrupt()
				return EAISERVICE
			}
		}
	}
	canon := ""
	if flags&aiCanonname != 0 {
		if cn, err := net.DefaultResolver.LookupCNAME(ctx, node); err == nil {
			canon = cn
		} else {
			c.checkInterrupt()
			canon = node
		}
	}
	types := []uint8{sockStream, sockDgram}
	if stype != 0 {
		types = []uint8{stype}
	} else if proto == protoUDP {
		types = []uint8{sockDgram}
	} else if proto == protoTCP {
		types = []uint8{sockStream}
	}
	n := uint32(0)
	for _, a := range addrs {
		fam := uint8(afInet4)
		if a.Is6() {
			fam = afInet6
		}
		if family != afUnspec && family != fam {
			continue
		}
		for _, t := range types {
			if n == uint32(len(slots)) {
				break
			}
			s := slots[n]
			ai, _ := c.m.bytes(s.ai, addrinfoSize)
			le.PutUint16(ai[0:], flags)
			ai[2], ai[3] = fam, t
			ai[4] = protoTCP
			if t == sockDgram {
				ai[4] = protoUDP
			}
			data := make([]byte, 0, 26)
			data = binary.BigEndian.AppendUint16(data, uint16(port))
			if fam == afInet4 {
				le.PutUint32(ai[8:], 16)
				data = append(data, a.AsSlice()...)
				data = append(data, make([]byte, 8)...)
			} else {
				le.PutUint32(ai[8:], 28)
				data = append(data, 0, 0, 0, 0)
				data = append(data, a.AsSlice()...)
				data = append(data, 0, 0, 0, 0)
			}
			sa, _ := c.m.bytes(s.sa, sockaddrSize)
			sa[0] = fam
			dst, _ := c.m.bytes(s.saData, s.saDataLen)
			le.PutUint32(sa[4:], uint32(copy(dst, data)))
			cn, _ := c.m.bytes(s.canon, s.canonLen)
			if canon != "" && n == 0 && len(cn) > len(canon) {
				copy(cn, canon)
				cn[len(canon)] = 0
				le.PutUint32(ai[20:], uint32(len(canon)))
			} else {
				le.PutUint32(ai[20:], 0)
			}
			n++
		}
	}
	if n == 0 {
		return EAINONAME
	}
	c.m.putU32(resLenPtr, n)
	return ESUCCESS
}

func (c *call) context() context.Context {
	if c.ctx == nil {
		return context.Background()
	}
	return c.ctx
}
