//go:build unix

package wasmedgeprocess

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os/exec"
	"syscall"
	"time"
)

// pipeGrace is how long the outputs are still read after the command
// exits, for what its children write; then its process group is killed.
const pipeGrace = 100 * time.Millisecond

// runCommand runs c as WasmEdge's plug-in does: execvp-style lookup of the
// name on the host's PATH, argv[0] the name, an environment of only the
// guest's variables, the stdin written to the command, stdout and stderr
// captured. The exit code is WasmEdge's: the exit status as an int8
// sign-extended (exit 255 is -1), 0 for a command killed by a signal,
// ETIMEDOUT when the timeout expired (or ctx was done), -1 when the command
// could not be started (with WasmEdge's message on its stderr: "Command not
// found.", "Permission denied." or "Unknown error.").
//
// The command leads a process group of its own. When the timeout expires
// or ctx is done, the whole group is killed, and on Linux every descendant
// of the command too, also one that left the group (setsid); when the
// command exits, its outputs are read for pipeGrace more and then the group
// is killed too, so nothing it started in its group outlives the call.
func runCommand(ctx context.Context, c command) result {
	cmd := exec.Command(c.name, c.args...)
	cmd.Args[0] = c.name
	cmd.Env = append([]string{}, c.env...) // never nil: nil inherits the host's environment
	if len(c.stdin) > 0 {
		cmd.Stdin = bytes.NewReader(c.stdin)
	}
	stdout := &boundedBuffer{max: c.maxOutput}
	stderr := &boundedBuffer{max: c.maxOutput}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = pipeGrace

	if err := cmd.Start(); err != nil {
		msg := "Unknown error."
		switch {
		case errors.Is(err, exec.ErrNotFound), errors.Is(err, fs.ErrNotExist):
			msg = "Command not found."
		case errors.Is(err, fs.ErrPermission):
			msg = "Permission denied."
		}
		return result{code: -1, stderr: spawnFailure(msg)}
	}
	pgid := cmd.Process.Pid
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait() // the state is read below; errors are the exit status or ErrWaitDelay
		close(done)
	}()
	timer := time.NewTimer(time.Duration(c.timeoutMS) * time.Millisecond)
	defer timer.Stop()
	timedOut := false
	select {
	case <-done:
	case <-timer.C:
		timedOut = true
	case <-ctx.Done():
		timedOut = true
	}
	// On a timeout, kill the command and every descendant, also those that
	// left its process group (found while the command still runs, stopped
	// first so that none forks meanwhile); then, as after a normal exit,
	// the group: whatever is left in it. ESRCH (nothing left) is fine.
	exited := false
	select {
	case <-done: // reaped: its pid may be another process's now
		exited = true
	default:
	}
	if timedOut && !exited {
		_ = syscall.Kill(-pgid, syscall.SIGSTOP)
		for _, pid := range stopDescendants(pgid) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	<-done

	res := result{stdout: stdout.bytes("stdout"), stderr: stderr.bytes("stderr")}
	st := cmd.ProcessState
	switch {
	case st == nil:
		res.code = -1
	case timedOut && !st.Exited():
		res.code = int32(syscall.ETIMEDOUT)
	default:
		ws, _ := st.Sys().(syscall.WaitStatus)
		res.code = int32(int8(uint32(ws) >> 8)) // WEXITSTATUS, as an int8: 0 when signalled
	}
	return res
}
