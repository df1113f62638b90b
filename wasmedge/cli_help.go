package wasmedge

import (
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// The --help text groups the options as WasmEdge's does. Each group lists
// options by name (in that order) and by prefix (sorted); an option goes
// to the group that names it, else to the first whose prefix it has, else
// to "Other options". Plug-in options go to their own group. To place a new
// option, add its name to a group here.
type helpGroup struct {
	title    string
	names    []string
	prefixes []string
}

var helpGroups = []helpGroup{
	{title: "General options", names: []string{"reactor", "force-interpreter", "enable-jit", "cold-start",
		"cache-dir", "no-cache", "trust-compiled-code", "forbidden-plugin", "log-level", "version"}},
	{title: "WASI options", names: []string{"dir", "env", "allow-net", "deny-net"}},
	{title: "Proposals", names: []string{"enable-all"}, prefixes: []string{"enable-", "disable-"}},
	{title: "Limits and statistics", names: []string{"memory-page-limit", "time-limit", "gas-limit",
		"enable-instruction-count", "enable-gas-measuring", "enable-time-measuring", "enable-all-statistics"}},
}

const pluginGroup = "Plug-in options"

// unsupportedOptions are WasmEdge's options that PureEdge does not have
// yet: the CLI accepts their names, lists them in --help, and refuses to
// run with one.
var unsupportedOptions = map[string]string{
	"coredump-on-trap": "write a core dump of the guest on a trap",
	"allow-af-unix":    "allow UNIX domain sockets",
}

type unsupportedFlag struct{ name string }

func (f unsupportedFlag) String() string   { return "" }
func (f unsupportedFlag) IsBoolFlag() bool { return true }
func (f unsupportedFlag) Set(string) error {
	return fmt.Errorf("--%s is not supported yet", f.name)
}

func addUnsupportedFlags(fs *flag.FlagSet) {
	for _, name := range slices.Sorted(maps.Keys(unsupportedOptions)) {
		if fs.Lookup(name) == nil {
			fs.Var(unsupportedFlag{name}, name, unsupportedOptions[name]+" (not supported yet)")
		}
	}
}

// groupOf returns the title of the group of option f.
func groupOf(f *flag.Flag) string {
	if _, ok := f.Value.(*pluginFlag); ok {
		return pluginGroup
	}
	if _, ok := f.Value.(unsupportedFlag); ok {
		return "Not supported yet"
	}
	for _, g := range helpGroups {
		if slices.Contains(g.names, f.Name) {
			return g.title
		}
	}
	for _, g := range helpGroups {
		for _, p := range g.prefixes {
			if strings.HasPrefix(f.Name, p) {
				return g.title
			}
		}
	}
	return "Other options"
}

// printHelp writes the usage and every option of fs, with two dashes, by
// group.
func printHelp(w io.Writer, name string, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: %s [run] [options] file.wasm [args...]\n       %s compile [options] in.wasm out.wasm\n", name, name)
	byGroup := map[string][]*flag.Flag{}
	fs.VisitAll(func(f *flag.Flag) { g := groupOf(f); byGroup[g] = append(byGroup[g], f) })
	titles := []string{}
	for _, g := range helpGroups {
		titles = append(titles, g.title)
	}
	titles = append(titles, pluginGroup, "Other options", "Not supported yet")
	for _, title := range titles {
		flags := byGroup[title]
		if len(flags) == 0 {
			continue
		}
		rank := func(f *flag.Flag) int {
			for _, g := range helpGroups {
				if i := slices.Index(g.names, f.Name); i >= 0 {
					return i
				}
			}
			return len(flags) + 1000
		}
		slices.SortStableFunc(flags, func(a, b *flag.Flag) int {
			if ra, rb := rank(a), rank(b); ra != rb {
				return ra - rb
			}
			return strings.Compare(a.Name, b.Name)
		})
		fmt.Fprintf(w, "\n%s:\n", title)
		for _, f := range flags {
			arg, usage := flag.UnquoteUsage(f)
			line := "  --" + f.Name
			if arg != "" {
				line += " " + arg
			}
			if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" {
				usage += fmt.Sprintf(" (default %s)", f.DefValue)
			}
			fmt.Fprintf(w, "%s\n    \t%s\n", line, strings.ReplaceAll(usage, "\n", "\n    \t"))
		}
	}
}
