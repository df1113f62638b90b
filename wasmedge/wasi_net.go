package wasmedge

import (
	"flag"
	"fmt"
	"strings"

	"github.com/pureedge/pureedge/internal/wasi"
)

// SetNetworkPolicy (a PureEdge extension) sets which addresses the guests
// of a WASI module may use with WasmEdge's socket functions: the local
// address of sock_bind, the remote one of sock_connect and sock_send_to,
// and the peer of sock_accept. By default everything is allowed, as in
// WasmEdge.
//
// Each rule is "all" (or "*"), an address or prefix ("127.0.0.1",
// "10.0.0.0/8", "::1", "[fd00::]/8"), optionally with ":PORT" or
// ":LOW-HIGH" ("*:80", "127.0.0.1:8000-8100", "[::1]:443"). A call is
// denied if it matches a deny rule, allowed if it matches an allow rule,
// and otherwise denied when deny holds "all" or any allow rule is given.
// A denied call returns EACCES to the guest and logs why at error level.
// It applies at once, and survives InitWasi. It fails on a bad rule or a
// module that is not a WASI module.
func (self *Module) SetNetworkPolicy(allow, deny []string) error {
	if self == nil || self.host == nil || self.host.WASI == nil {
		return fmt.Errorf("SetNetworkPolicy: not a WASI module")
	}
	p, err := parseNetPolicy(allow, deny)
	if err != nil {
		return err
	}
	self.host.WASI.SetNetPolicy(p)
	return nil
}

func parseNetPolicy(allow, deny []string) (*wasi.NetPolicy, error) {
	p := &wasi.NetPolicy{Logf: func(format string, args ...any) { logf(logLevelError, format, args...) }}
	for _, s := range deny {
		if s == "all" || s == "*" {
			p.DenyAll = true
			continue
		}
		r, err := wasi.ParseNetRule(s)
		if err != nil {
			return nil, err
		}
		p.Deny = append(p.Deny, r)
	}
	for _, s := range allow {
		r, err := wasi.ParseNetRule(s)
		if err != nil {
			return nil, err
		}
		p.Allow = append(p.Allow, r)
	}
	return p, nil
}

// netFlags are the CLI's --allow-net and --deny-net.
type netFlags struct {
	allow, deny listFlag
}

func (n *netFlags) register(fs *flag.FlagSet) {
	fs.Var(&n.allow, "allow-net", "allow sockets to use only these addresses: ADDR[/BITS][:PORT[-PORT]], [IPV6][/BITS][:PORTS] "+
		"or *:PORTS (repeatable, comma-separated; default: everything is allowed)")
	fs.Var(&n.deny, "deny-net", "deny sockets these addresses (same forms), or \"all\" (repeatable, comma-separated); "+
		"a denied call gets EACCES and is logged")
}

// apply sets the policy on the VM's WASI module (nothing when no flag was
// given).
func (n *netFlags) apply(vm *VM) error {
	if len(n.allow) == 0 && len(n.deny) == 0 {
		return nil
	}
	split := func(l listFlag) []string {
		var out []string
		for _, s := range l {
			out = append(out, strings.Split(s, ",")...)
		}
		return out
	}
	return vm.GetImportModule(WASI).SetNetworkPolicy(split(n.allow), split(n.deny))
}
