//go:build unix

package wasmedgeprocess

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pureedge/pureedge/internal/abi"
	"github.com/pureedge/pureedge/internal/guestbuild"
	"github.com/pureedge/pureedge/plugins/internal/plugintest"
	"github.com/pureedge/pureedge/wasmedge"
)

// setup resets the options after the test and captures the runtime's log.
func setup(t *testing.T) *bytes.Buffer {
	t.Helper()
	var log bytes.Buffer
	wasmedge.SetLogOutput(&log)
	t.Cleanup(func() {
		wasmedge.SetLogOutput(os.Stderr)
		config.Lock()
		config.allowed, config.allowAll, config.maxOutput = map[string]bool{}, false, DefaultMaxOutput
		config.Unlock()
	})
	return &log
}

func need(t *testing.T, cmds ...string) {
	for _, c := range cmds {
		if _, err := exec.LookPath(c); err != nil {
			t.Skipf("%s not found", c)
		}
	}
}

func guest(t *testing.T) string {
	return guestbuild.MustBuild(t, filepath.Join("..", "..", "testdata", "guests", "process"))
}

// run runs the process guest with args in a new VM and returns what it
// printed and the run's error.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	return plugintest.RunNew(t, guest(t), args...)
}

// report is what the guest prints for a command.
func report(code int32, stdout, stderr string) string {
	return fmt.Sprintf("exit=%d stored=%d\nstdout=%q\nstderr=%q\n", code, code, stdout, stderr)
}

const fresh = "before: exit=0 stdout=0 stderr=0\n"

func TestRegistered(t *testing.T) {
	p := wasmedge.FindPlugin(PluginName)
	if p == nil {
		t.Fatalf("not registered: %v", wasmedge.ListPlugins())
	}
	if got := p.ListModule(); !reflect.DeepEqual(got, []string{ModuleName}) {
		t.Errorf("ListModule = %v", got)
	}
	m := p.CreateModule(ModuleName)
	defer m.Release()
	plugintest.CheckABI(t, m, abi.Process)
	if n := len(m.ListFunction()); n != 11 {
		t.Errorf("%d functions, want 11", n)
	}
}

// By default nothing runs: WasmEdge's message on the command's stderr, -1,
// and the message in the log. The VM has the real module (the mock would
// trap).
func TestDeniedByDefault(t *testing.T) {
	log := setup(t)
	out, err := run(t, "run", "/bin/echo", "hi")
	if err != nil {
		t.Fatalf("run: %v (log %q)", err, log)
	}
	msg := `Permission denied: Command "/bin/echo" is not in the white list. Please use --allow-command=/bin/echo or --allow-command-all to add "/bin/echo" command into the white list.` + "\n"
	if want := fresh + report(-1, "", msg); out != want {
		t.Errorf("guest printed\n%s\nwant\n%s", out, want)
	}
	if !strings.Contains(log.String(), "[error] [WasmEdge Process] "+strings.TrimSuffix(msg, "\n")) {
		t.Errorf("log %q", log)
	}
	if strings.Contains(log.String(), "not installed") {
		t.Errorf("the mock was called: %q", log)
	}
}

// The allow list compares names exactly.
func TestAllowCommand(t *testing.T) {
	need(t, "/bin/echo")
	setup(t)
	(*wasmedge.Module)(nil).InitWasmEdgeProcess([]string{"/bin/echo"}, false)
	out, err := run(t, "run", "/bin/echo", "123456 test")
	if err != nil {
		t.Fatal(err)
	}
	if want := fresh + report(0, "123456 test\n", ""); out != want {
		t.Errorf("guest printed\n%s\nwant\n%s", out, want)
	}
	out, _ = run(t, "run", "echo", "x")
	if !strings.Contains(out, "exit=-1 ") || !strings.Contains(out, `Command \"echo\" is not in the white list`) {
		t.Errorf("echo was allowed by /bin/echo: %s", out)
	}
}

func TestAllowCommandAll(t *testing.T) {
	need(t, "echo")
	setup(t)
	if err := wasmedge.SetPluginOption(PluginName, OptionAllowCommandAll, ""); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "run", "echo", "a", "b")
	if err != nil {
		t.Fatal(err)
	}
	if want := fresh + report(0, "a b\n", ""); out != want {
		t.Errorf("guest printed\n%s\nwant\n%s", out, want)
	}
}

// Arguments, only the guest's environment (first value wins), stdin,
// stdout, stderr and the exit code.
func TestArgsEnvStdin(t *testing.T) {
	need(t, "sh", "env", "cat")
	setup(t)
	(*wasmedge.Module)(nil).InitWasmEdgeProcess([]string{"sh", "env"}, false)
	out, err := run(t, "run", "-e", "FOO=bar", "-e", "FOO=second", "-i", "input", "sh", "-c", `echo "$FOO $0 $1"; cat; echo oops >&2; exit 3`, "zero", "one")
	if err != nil {
		t.Fatal(err)
	}
	if want := fresh + report(3, "bar zero one\ninput", "oops\n"); out != want {
		t.Errorf("guest printed\n%s\nwant\n%s", out, want)
	}
	t.Setenv("PUREEDGE_HOST_SECRET", "x")
	out, _ = run(t, "run", "-e", "A=1", "env")
	if want := fresh + report(0, "A=1\n", ""); out != want {
		t.Errorf("the host's environment leaked:\n%s", out)
	}
}

// Exit codes are WasmEdge's: the status as an int8.
func TestExitCodes(t *testing.T) {
	need(t, "sh")
	setup(t)
	(*wasmedge.Module)(nil).InitWasmEdgeProcess([]string{"sh"}, false)
	for status, want := range map[int]int32{0: 0, 1: 1, 127: 127, 200: -56, 255: -1} {
		out, err := run(t, "run", "sh", "-c", "exit "+strconv.Itoa(status))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, fmt.Sprintf("exit=%d stored=%d\n", want, want)) {
			t.Errorf("exit %d: %s", status, out)
		}
	}
	// Killed by a signal (not the timeout): WEXITSTATUS of the status, 0.
	out, _ := run(t, "run", "sh", "-c", "kill -9 $$")
	if !strings.Contains(out, "exit=0 stored=0\n") {
		t.Errorf("killed: %s", out)
	}
}

func TestCommandNotFound(t *testing.T) {
	setup(t)
	(*wasmedge.Module)(nil).InitWasmEdgeProcess(nil, true)
	out, err := run(t, "run", "pureedge-no-such-command")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "exit=-1 stored=-1\nstdout=\"\"\nstderr=\"[") || !strings.Contains(out, `[error] Command not found.\n"`) {
		t.Errorf("guest printed\n%s", out)
	}
}

// The timeout kills the command and what it started (its process group),
// and the exit code is ETIMEDOUT.
func TestTimeoutKillsTheGroup(t *testing.T) {
	need(t, "sh", "sleep")
	setup(t)
	(*wasmedge.Module)(nil).InitWasmEdgeProcess([]string{"sh"}, false)
	start := time.Now()
	out, err := run(t, "run", "-t", "300", "sh", "-c", "sleep 30 & echo $!; sleep 30")
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the run took %v", d)
	}
	code := int32(syscall.ETIMEDOUT)
	if !strings.Contains(out, fmt.Sprintf("exit=%d stored=%d\n", code, code)) {
		t.Fatalf("guest printed\n%s", out)
	}
	// The background sleep's pid was printed before the kill.
	_, rest, _ := strings.Cut(out, "stdout=\"")
	pid, err := strconv.Atoi(strings.TrimSuffix(strings.Split(rest, `\n`)[0], `"`))
	if err != nil {
		t.Fatalf("no pid in %q", out)
	}
	if !gone(pid) {
		t.Errorf("the command's child %d survived the timeout", pid)
	}
	// The next command has the default timeout again.
	out, _ = run(t, "run", "sh", "-c", "sleep 0.5; echo slow")
	if !strings.Contains(out, "exit=0 stored=0\nstdout=\"slow\\n\"") {
		t.Errorf("guest printed\n%s", out)
	}
}

// The timeout also kills a descendant that left the command's process
// group (setsid), and a grandchild below it.
func TestTimeoutKillsEscapedDescendants(t *testing.T) {
	need(t, "sh", "sleep", "setsid")
	setup(t)
	(*wasmedge.Module)(nil).InitWasmEdgeProcess([]string{"sh"}, false)
	out, err := run(t, "run", "-t", "300", "sh", "-c", `setsid sh -c 'sleep 30 & echo $!; echo $$; wait' & sleep 30`)
	if err != nil {
		t.Fatal(err)
	}
	code := int32(syscall.ETIMEDOUT)
	if !strings.Contains(out, fmt.Sprintf("exit=%d stored=%d\n", code, code)) {
		t.Fatalf("guest printed\n%s", out)
	}
	_, rest, _ := strings.Cut(out, "stdout=\"")
	pids := strings.Split(rest, `\n`)
	if len(pids) < 3 {
		t.Fatalf("no pids in %q", out)
	}
	for _, s := range pids[:2] {
		pid, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("no pid in %q", out)
		}
		if !gone(pid) {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Errorf("descendant %d outside the process group survived the timeout", pid)
		}
	}
}

// A child left running by a command that exited is killed too.
func TestLeftoversKilled(t *testing.T) {
	need(t, "sh", "sleep")
	setup(t)
	(*wasmedge.Module)(nil).InitWasmEdgeProcess([]string{"sh"}, false)
	out, err := run(t, "run", "sh", "-c", "sleep 30 >/dev/null 2>&1 & echo $!")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(out, "stdout=\"")
	pid, err := strconv.Atoi(strings.Split(rest, `\n`)[0])
	if err != nil {
		t.Fatalf("no pid in %q", out)
	}
	if !strings.Contains(out, "exit=0 ") || !gone(pid) {
		t.Errorf("pid %d survived: %s", pid, out)
	}
}

// gone reports whether pid is dead (or a zombie) within two seconds.
func gone(pid int) bool {
	for i := 0; i < 200; i++ {
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			return true
		}
		if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
			if f := strings.Fields(string(b)); len(f) > 2 && f[2] == "Z" {
				return true
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	return false
}

// Outputs are bounded by --wasmedge-process-max-output.
func TestMaxOutput(t *testing.T) {
	need(t, "head")
	log := setup(t)
	(*wasmedge.Module)(nil).InitWasmEdgeProcess([]string{"head"}, false)
	if err := wasmedge.SetPluginOption(PluginName, OptionMaxOutput, "1000"); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "run", "head", "-c", "100000", "/dev/zero")
	if err != nil {
		t.Fatal(err)
	}
	if want := fresh + report(0, strings.Repeat("\x00", 1000), ""); out != want {
		t.Errorf("guest printed %.200q...", out)
	}
	if !strings.Contains(log.String(), "the command's stdout exceeded 1000 bytes (--wasmedge-process-max-output); 99000 bytes dropped") {
		t.Errorf("log %q", log)
	}
	if err := wasmedge.SetPluginOption(PluginName, OptionMaxOutput, "-1"); err == nil {
		t.Error("-1 accepted")
	}
}

// The inputs a guest accumulates are bounded too.
func TestMaxInput(t *testing.T) {
	need(t, "cat")
	log := setup(t)
	old := maxInput
	maxInput = 10000
	defer func() { maxInput = old }()
	(*wasmedge.Module)(nil).InitWasmEdgeProcess([]string{"cat"}, false)
	out, err := run(t, "run", "-i", strings.Repeat("x", 1000), "-n", "50", "cat")
	if err != nil {
		t.Fatal(err)
	}
	// The name takes 3 bytes: 9 of 50 stdin chunks fit.
	if want := fresh + report(0, strings.Repeat("x", 9000), ""); out != want {
		t.Errorf("guest printed %.200q...", out)
	}
	if !strings.Contains(log.String(), "add_stdin: the command's inputs would exceed 10000 bytes; ignored") {
		t.Errorf("log %q", log)
	}
}

// Pointers and lengths outside the memory are ignored, as in WasmEdge,
// with an error logged; nothing traps.
func TestHostilePointers(t *testing.T) {
	need(t, "/bin/echo")
	log := setup(t)
	(*wasmedge.Module)(nil).InitWasmEdgeProcess([]string{"/bin/echo"}, false)
	out, err := run(t, "hostile")
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if want := report(0, "ok\n", ""); out != want {
		t.Errorf("guest printed\n%s\nwant\n%s", out, want)
	}
	for _, fn := range []string{"set_prog_name", "add_arg", "add_env", "add_stdin", "get_stdout", "get_stderr"} {
		if !strings.Contains(log.String(), "[WasmEdge Process] "+fn+": [") {
			t.Errorf("no log for %s: %q", fn, log)
		}
	}
}

// After a run the inputs are cleared, the outputs kept until the next run.
func TestInputsReset(t *testing.T) {
	need(t, "/bin/echo")
	setup(t)
	(*wasmedge.Module)(nil).InitWasmEdgeProcess([]string{"/bin/echo"}, false)
	out, err := run(t, "twice", "/bin/echo")
	if err != nil {
		t.Fatal(err)
	}
	denied := `Permission denied: Command "" is not in the white list. Please use --allow-command= or --allow-command-all to add "" command into the white list.` + "\n"
	if want := report(0, "first\n", "") + report(-1, "", denied); out != want {
		t.Errorf("guest printed\n%s\nwant\n%s", out, want)
	}
}

// Functions that need the guest's memory trap when called from the host.
func TestCalledFromHost(t *testing.T) {
	setup(t)
	vm := wasmedge.NewVM()
	defer vm.Release()
	for _, fn := range []string{"wasmedge_process_get_stdout", "wasmedge_process_get_stderr"} {
		_, err := vm.ExecuteRegistered(ModuleName, fn, int32(0))
		var res *wasmedge.Result
		if !errors.As(err, &res) || res.GetCode() != 0x40E {
			t.Errorf("%s: %v, want host function failed", fn, err)
		}
	}
	res, err := vm.ExecuteRegistered(ModuleName, "wasmedge_process_get_exit_code")
	if err != nil || res[0].(int32) != 0 {
		t.Errorf("get_exit_code = %v, %v; want 0 (the real module, not the mock)", res, err)
	}
}

// Options are read when a module is created: a VM created before
// InitWasmEdgeProcess keeps refusing.
func TestOptionsAtCreation(t *testing.T) {
	need(t, "/bin/echo")
	setup(t)
	before := plugintest.NewVM(t)
	defer before.Release()
	(*wasmedge.Module)(nil).InitWasmEdgeProcess([]string{"/bin/echo"}, false)
	out, err := plugintest.Run(t, before, guest(t), "run", "/bin/echo", "x")
	if err != nil || !strings.Contains(out, "exit=-1 ") {
		t.Errorf("a VM created before the option: %v\n%s", err, out)
	}
	out, err = run(t, "run", "/bin/echo", "x")
	if err != nil || !strings.Contains(out, "exit=0 ") {
		t.Errorf("a VM created after the option: %v\n%s", err, out)
	}
}
