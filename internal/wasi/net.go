package wasi

import (
	"fmt"
	"log/slog"
	"net/netip"
	"strconv"
	"strings"
)

// NetPolicy decides which addresses a guest's sockets may use: the local
// address of sock_bind, the remote one of sock_connect and sock_send_to,
// and the peer of sock_accept. It is the only place the decision is made.
//
// A call is denied if its address matches a Deny rule; otherwise allowed if
// it matches an Allow rule; otherwise denied if DenyAll is set or any Allow
// rule exists, and allowed if not. The zero policy (and a nil one) allows
// everything, as WasmEdge does. A denied call returns EACCES and logs why.
type NetPolicy struct {
	DenyAll     bool
	Allow, Deny []NetRule
	// Logf receives each denial (slog's default logger, at warning level,
	// when nil).
	Logf func(format string, args ...any)
}

// NetRule matches addresses in a prefix (or any address) and ports in a
// range (all ports when both are 0).
type NetRule struct {
	Any            bool
	Prefix         netip.Prefix
	PortLo, PortHi uint16
}

// String writes the rule as ParseNetRule reads it.
func (r NetRule) String() string {
	a := "*"
	if !r.Any {
		a = r.Prefix.String()
		if r.Prefix.Addr().Is6() {
			a = "[" + r.Prefix.Addr().String() + "]/" + strconv.Itoa(r.Prefix.Bits())
		}
	}
	if r.PortLo == 0 && r.PortHi == 0 {
		return a
	}
	if r.PortLo == r.PortHi {
		return fmt.Sprintf("%s:%d", a, r.PortLo)
	}
	return fmt.Sprintf("%s:%d-%d", a, r.PortLo, r.PortHi)
}

func (r NetRule) match(ap netip.AddrPort) bool {
	if !r.Any && !r.Prefix.Contains(ap.Addr().Unmap()) {
		return false
	}
	if r.PortLo == 0 && r.PortHi == 0 {
		return true
	}
	return ap.Port() >= r.PortLo && ap.Port() <= r.PortHi
}

// ParseNetRule reads a rule: "all" or "*" (every address), an address or a
// prefix ("127.0.0.1", "10.0.0.0/8", "::1", "[::1]", "[fd00::]/8"), each
// optionally followed by ":PORT" or ":LOW-HIGH" ("*:80", "127.0.0.1:8000-8100",
// "[::1]:443").
func ParseNetRule(s string) (NetRule, error) {
	var r NetRule
	host, ports := s, ""
	switch {
	case strings.HasPrefix(s, "["):
		end := strings.Index(s, "]")
		if end < 0 {
			return r, fmt.Errorf("network rule %q: missing ']'", s)
		}
		host, ports = s[1:end], s[end+1:]
		if strings.HasPrefix(ports, "/") {
			bits, rest, _ := strings.Cut(ports[1:], ":")
			host += "/" + bits
			ports = ""
			if rest != "" {
				ports = ":" + rest
			}
		}
		if ports != "" && !strings.HasPrefix(ports, ":") {
			return r, fmt.Errorf("network rule %q: expected ':' after ']'", s)
		}
		ports = strings.TrimPrefix(ports, ":")
	case strings.Count(s, ":") == 1:
		host, ports, _ = strings.Cut(s, ":")
	}
	switch host {
	case "all", "*", "":
		r.Any = true
	default:
		if strings.Contains(host, "/") {
			p, err := netip.ParsePrefix(host)
			if err != nil {
				return r, fmt.Errorf("network rule %q: %w", s, err)
			}
			r.Prefix = p.Masked()
		} else {
			a, err := netip.ParseAddr(host)
			if err != nil {
				return r, fmt.Errorf("network rule %q: %w", s, err)
			}
			r.Prefix = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		if r.Prefix.Addr().Is4In6() {
			r.Prefix = netip.PrefixFrom(r.Prefix.Addr().Unmap(), r.Prefix.Bits()-96)
		}
	}
	if ports != "" {
		lo, hi, isRange := strings.Cut(ports, "-")
		l, err := strconv.ParseUint(lo, 10, 16)
		if err != nil {
			return r, fmt.Errorf("network rule %q: bad port %q", s, lo)
		}
		h := l
		if isRange {
			if h, err = strconv.ParseUint(hi, 10, 16); err != nil || h < l {
				return r, fmt.Errorf("network rule %q: bad port range %q", s, ports)
			}
		}
		if l == 0 && h == 0 {
			return r, fmt.Errorf("network rule %q: port 0", s)
		}
		r.PortLo, r.PortHi = uint16(l), uint16(h)
	}
	return r, nil
}

// Check returns why op on ap is denied, or "" when it is allowed.
func (p *NetPolicy) Check(ap netip.AddrPort) string {
	if p == nil {
		return ""
	}
	for _, r := range p.Deny {
		if r.match(ap) {
			return "matches deny rule " + r.String()
		}
	}
	for _, r := range p.Allow {
		if r.match(ap) {
			return ""
		}
	}
	switch {
	case len(p.Allow) > 0:
		return "matches no allow rule"
	case p.DenyAll:
		return "all network access is denied"
	}
	return ""
}

// checkNet applies the Env's policy to a socket call: EACCES, logged with
// the reason, when it is denied.
func (c *call) checkNet(op string, ap netip.AddrPort) Errno {
	c.e.mu.Lock()
	p := c.e.net
	c.e.mu.Unlock()
	why := p.Check(ap)
	if why == "" {
		return ESUCCESS
	}
	if p.Logf != nil {
		p.Logf("wasi: %s to %s denied: %s", op, ap, why)
	} else {
		slog.Warn("wasi: network call denied", "call", op, "address", ap.String(), "reason", why)
	}
	return EACCES
}
