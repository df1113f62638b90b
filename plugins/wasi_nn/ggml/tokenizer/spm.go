package tokenizer

import "container/heap"

type spmSymbol struct {
	start, n   int
	prev, next int
}

type spmBigram struct {
	left, right int
	score       float32
	size        int
}

type bigramQueue []spmBigram

func (q bigramQueue) Len() int { return len(q) }
func (q bigramQueue) Less(i, j int) bool {
	// Highest score first; on ties the leftmost.
	return q[i].score > q[j].score || q[i].score == q[j].score && q[i].left < q[j].left
}
func (q bigramQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *bigramQueue) Push(x any)   { *q = append(*q, x.(spmBigram)) }
func (q *bigramQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

func utf8Len(c byte) int {
	return [16]int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4}[c>>4]
}

// spm is llama.cpp's llm_tokenizer_spm_session.tokenize.
func (v *Vocab) spm(text string, out []int) []int {
	var syms []spmSymbol
	for off := 0; off < len(text); {
		n := min(utf8Len(text[off]), len(text)-off)
		idx := len(syms)
		next := idx + 1
		if off+n == len(text) {
			next = -1
		}
		syms = append(syms, spmSymbol{start: off, n: n, prev: idx - 1, next: next})
		off += n
	}
	revMerge := map[string][2]int{}
	q := &bigramQueue{}
	tryAdd := func(l, r int) {
		if l == -1 || r == -1 {
			return
		}
		s := text[syms[l].start : syms[l].start+syms[l].n+syms[r].n]
		id, ok := v.ids[s]
		if !ok {
			return
		}
		heap.Push(q, spmBigram{left: l, right: r, score: v.Scores[id], size: len(s)})
		revMerge[s] = [2]int{l, r}
	}
	for i := 1; i < len(syms); i++ {
		tryAdd(i-1, i)
	}
	for q.Len() > 0 {
		b := heap.Pop(q).(spmBigram)
		l, r := &syms[b.left], &syms[b.right]
		if l.n == 0 || r.n == 0 || l.n+r.n != b.size {
			continue
		}
		l.n += r.n
		r.n = 0
		l.next = r.next
		if r.next >= 0 {
			syms[r.next].prev = b.left
		}
		tryAdd(l.prev, b.left)
		tryAdd(b.left, l.next)
	}
	var reseg func(s spmSymbol)
	reseg = func(s spmSymbol) {
		str := text[s.start : s.start+s.n]
		if id, ok := v.ids[str]; ok {
			out = append(out, id)
			return
		}
		p, ok := revMerge[str]
		if !ok {
			for i := 0; i < len(str); i++ {
				if t := v.byteToken[str[i]]; t >= 0 {
					out = append(out, t)
				} else if v.UNK >= 0 {
					out = append(out, v.UNK)
				}
			}
			return
		}
		reseg(syms[p[0]])
		reseg(syms[p[1]])
	}
	if len(syms) > 0 {
		for i := 0; i != -1; i = syms[i].next {
			reseg(syms[i])
		}
	}
	return out
}
