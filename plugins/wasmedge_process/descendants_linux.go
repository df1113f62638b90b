package wasmedgeprocess

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// stopDescendants stops (SIGSTOP) pid and every process descended from it,
// whatever its process group or session, and returns them all. Each
// process is stopped before its children are looked up, so none can fork
// after the walk has passed it. The walk reads the parent of every process
// from /proc; a descendant whose parent already exited (reparented to init)
// is out of its reach, but still in the process group unless it left it.
func stopDescendants(pid int) []int {
	found := map[int]bool{pid: true}
	order := []int{pid}
	_ = syscall.Kill(pid, syscall.SIGSTOP)
	for round := 0; round < 64; round++ {
		parents := parentsOf()
		grew := false
		for p, pp := range parents {
			if !found[p] && found[pp] {
				found[p] = true
				order = append(order, p)
				_ = syscall.Kill(p, syscall.SIGSTOP)
				grew = true
			}
		}
		if !grew {
			break
		}
	}
	return order
}

// parentsOf maps every process in /proc to its parent.
func parentsOf() map[int]int {
	m := map[int]int{}
	d, err := os.Open("/proc")
	if err != nil {
		return m
	}
	defer d.Close()
	names, _ := d.Readdirnames(-1)
	for _, n := range names {
		pid, err := strconv.Atoi(n)
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + n + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces and parentheses.
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) < 2 {
			continue
		}
		if pp, err := strconv.Atoi(f[1]); err == nil {
			m[pid] = pp
		}
	}
	return m
}
