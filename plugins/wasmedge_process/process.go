// Package wasmedgeprocess is PureEdge's wasmedge_process plug-in: the
// module wasmedge_process, whose 11 functions let a guest run a command of
// the host with arguments, environment, stdin and a timeout, and read its
// exit code, stdout and stderr, as WasmEdge's plug-in does (and the Rust
// crate wasmedge_process_interface expects).
//
// Importing the package registers the plug-in:
//
//	import _ "github.com/pureedge/pureedge/plugins/wasmedge_process"
//
// No command runs unless the host allowed it, with WasmEdge's options
//
//	--allow-command NAME   (repeatable) the program name NAME, compared exactly
//	--allow-command-all    every command
//
// on the wasmedge command line, or from Go with the SDK's
// (*wasmedge.Module).InitWasmEdgeProcess(cmds, allowAll) or
// wasmedge.SetPluginOption("wasmedge_process", "allow-command", "ls"). A
// refused command gets WasmEdge's message on its stderr ("Permission
// denied: Command ... is not in the white list. ..."), exit code -1, and the
// same message in the runtime's log at error level.
//
// Unlike WasmEdge, the captured stdout and stderr are bounded
// (--wasmedge-process-max-output BYTES, 16 MiB each by default; the rest is
// dropped and logged), and so are the inputs a guest accumulates (name,
// arguments, environment and stdin, 16 MiB together). The command runs in a
// process group of its own, which is killed when the timeout expires
// (default 10 s, set by the guest), when the caller's context is done (a
// VM's time limit), and when the command ends. On the timeout or the time
// limit, on Linux, the command's descendants that left its group (setsid)
// are found through /proc and killed too; a descendant that left the group
// and whose parent had exited before (a daemon) is out of reach.
package wasmedgeprocess

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/pureedge/pureedge/wasmedge"
)

// The names the plug-in registers.
const (
	PluginName = "wasmedge_process"
	ModuleName = "wasmedge_process"

	OptionAllowCommand    = "allow-command"
	OptionAllowCommandAll = "allow-command-all"
	OptionMaxOutput       = "wasmedge-process-max-output"
)

// Defaults and bounds.
const (
	// DefaultTimeoutMS is WasmEdge's default timeout, in milliseconds; run
	// restores it after every command.
	DefaultTimeoutMS = 10000
	// DefaultMaxOutput is how many bytes of stdout, and of stderr, are kept
	// unless --wasmedge-process-max-output says otherwise.
	DefaultMaxOutput = 16 << 20
)

// maxInput bounds the bytes a guest accumulates for one command (name,
// arguments, environment and stdin); tests lower it.
var maxInput = 16 << 20

// config is the plug-in's global configuration; a module copies it when it
// is created.
var config = struct {
	sync.Mutex
	allowed   map[string]bool
	allowAll  bool
	maxOutput int
}{allowed: map[string]bool{}, maxOutput: DefaultMaxOutput}

func init() {
	_ = wasmedge.RegisterPlugin(wasmedge.PluginDescriptor{
		Name:        PluginName,
		Description: "wasmedge_process: run allowed host commands for guests.",
		Version:     wasmedge.PluginVersion{Major: 0, Minor: 10, Patch: 0, Build: 0},
		Modules: []wasmedge.PluginModuleDescriptor{{
			Name:        ModuleName,
			Description: "run host commands",
			Create:      newModule,
		}},
		Options: []wasmedge.PluginOption{
			{
				Name:        OptionAllowCommand,
				Description: "Allow commands called from wasmedge_process host functions. Each command can be specified as --allow-command `COMMAND`.",
				Type:        wasmedge.PluginOptionList,
				Set:         allowCommand,
			},
			{
				Name:        OptionAllowCommandAll,
				Description: "Allow all commands called from wasmedge_process host functions.",
				Type:        wasmedge.PluginOptionToggle,
				Set:         allowAll,
			},
			{
				Name:        OptionMaxOutput,
				Description: "keep at most `BYTES` of a command's stdout, and of its stderr (default 16 MiB)",
				Type:        wasmedge.PluginOptionString,
				Set:         setMaxOutput,
			},
		},
	})
}

func allowCommand(v string) error {
	if v == "" {
		return errors.New("empty command name")
	}
	config.Lock()
	config.allowed[v] = true
	config.Unlock()
	return nil
}

func allowAll(v string) error {
	on, err := strconv.ParseBool(v)
	if err != nil {
		return fmt.Errorf("not a boolean: %q", v)
	}
	config.Lock()
	config.allowAll = on
	config.Unlock()
	return nil
}

func setMaxOutput(v string) error {
	n, err := strconv.ParseUint(strings.TrimSpace(v), 0, 31)
	if err != nil {
		return fmt.Errorf("not a byte count below 2 GiB: %q", v)
	}
	config.Lock()
	config.maxOutput = int(n)
	config.Unlock()
	return nil
}

// deniedMessage is WasmEdge's stderr for a command not in the allow list.
func deniedMessage(name string) string {
	return "Permission denied: Command \"" + name + "\" is not in the white list. Please use --allow-command=" +
		name + " or --allow-command-all to add \"" + name + "\" command into the white list.\n"
}
