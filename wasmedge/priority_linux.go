package wasmedge

import "syscall"

// backgroundNice is the niceness of the CLI's background compilation: it
// takes the cores the run leaves idle, not the run's own.
const backgroundNice = 10

// lowerPriority makes process pid yield to the processes of normal
// priority (best effort).
func lowerPriority(pid int) { _ = syscall.Setpriority(syscall.PRIO_PROCESS, pid, backgroundNice) }
