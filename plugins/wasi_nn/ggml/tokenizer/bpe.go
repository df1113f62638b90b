package tokenizer

import (
	"container/heap"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// preKind is a BPE pre-tokenizer (the regular expression llama.cpp splits
// words with before merging).
type preKind int

const (
	preGPT2   preKind = iota // 's|'t|...| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
	preLlama3                // (?i:'s|...)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
	preQwen2                 // as llama3 with \p{N} one digit at a time
)

// SupportedPreTokenizers names the accepted tokenizer.ggml.pre values.
const SupportedPreTokenizers = "default, gpt-2, llama3, llama-bpe, smaug-bpe, qwen2, deepseek-r1-qwen"

func preTokenizer(name string) (preKind, error) {
	switch name {
	case "", "default", "gpt-2", "gpt2":
		return preGPT2, nil
	case "llama3", "llama-v3", "llama-bpe", "smaug-bpe":
		return preLlama3, nil
	case "qwen2", "deepseek-r1-qwen":
		return preQwen2, nil
	}
	return 0, fmt.Errorf("pre-tokenizer %q is not supported (supported: %s)", name, SupportedPreTokenizers)
}

const outOfRange = -1

// splitWords applies the pre-tokenizer to text, returning byte offsets of word ends.
func splitWords(kind preKind, text string) []string {
	var cps []rune
	for _, r := range text {
		cps = append(cps, r)
	}
	n := len(cps)
	get := func(i int) rune {
		if i < n {
			return cps[i]
		}
		return outOfRange
	}
	in := func(i int) bool { return i < n }
	letter := func(i int) bool { return in(i) && unicode.IsLetter(cps[i]) }
	number := func(i int) bool { return in(i) && unicode.IsNumber(cps[i]) }
	space := func(i int) bool { return in(i) && unicode.IsSpace(cps[i]) }
	var words []string
	start := 0
	add := func(end int) {
		if end > start {
			words = append(words, string(cps[start:end]))
		}
		start = end
	}
	lower := unicode.ToLower
	for pos := 0; pos < n; {
		c := cps[pos]
		if c == '\'' && pos+1 < n {
			nx := get(pos + 1)
			if kind != preGPT2 {
				nx = lower(nx)
			}
			if nx == 's' || nx == 't' || nx == 'm' || nx == 'd' {
				pos += 2
				add(pos)
				continue
			}
			if pos+2 < n {
				nn := get(pos + 2)
				if kind != preGPT2 {
					nn = lower(nn)
				}
				if nx == 'r' && nn == 'e' || nx == 'v' && nn == 'e' || nx == 'l' && nn == 'l' {
					pos += 3
					add(pos)
					continue
				}
			}
		}
		if kind == preGPT2 {
			p2 := pos
			if c == ' ' {
				p2 = pos + 1
			}
			switch {
			case letter(p2):
				pos = p2 + 1
				for letter(pos) {
					pos++
				}
				add(pos)
				continue
			case number(p2):
				pos = p2 + 1
				for number(pos) {
					pos++
				}
				add(pos)
				continue
			case in(p2) && !space(p2) && !letter(p2) && !number(p2):
				pos = p2 + 1
				for in(pos) && !space(pos) && !letter(pos) && !number(pos) {
					pos++
				}
				add(pos)
				continue
			}
			ws := 0
			for space(pos + ws) {
				ws++
			}
			if ws > 1 && get(pos+ws) != outOfRange {
				pos += ws - 1
				add(pos)
				continue
			}
			if ws > 0 {
				pos += ws
				add(pos)
				continue
			}
			pos++
			add(pos)
			continue
		}
		// llama3 / qwen2
		if !(c == '\r' || c == '\n' || number(pos)) {
			if letter(pos) || letter(pos+1) {
				pos++
				for letter(pos) {
					pos++
				}
				add(pos)
				continue
			}
		}
		if number(pos) {
			maxDigits := 3
			if kind == preQwen2 {
				maxDigits = 1
			}
			ini := pos
			for number(pos) {
				pos++
				if pos-ini >= maxDigits {
					add(pos)
					ini = pos
				}
			}
			add(pos)
			continue
		}
		p2 := pos
		if c == ' ' {
			p2 = pos + 1
		}
		if in(p2) && !space(p2) && !letter(p2) && !number(p2) {
			pos = p2 + 1
			for in(pos) && !space(pos) && !letter(pos) && !number(pos) {
				pos++
			}
			for get(pos) == '\r' || get(pos) == '\n' {
				pos++
			}
			add(pos)
			continue
		}
		ws, lastRN := 0, 0
		for space(pos + ws) {
			if c2 := get(pos + ws); c2 == '\r' || c2 == '\n' {
				lastRN = pos + ws + 1
			}
			ws++
		}
		if lastRN > 0 {
			pos = lastRN
			add(pos)
			continue
		}
		if ws > 1 && get(pos+ws) != outOfRange {
			pos += ws - 1
			add(pos)
			continue
		}
		if ws > 0 {
			pos += ws
			add(pos)
			continue
		}
		pos++
		add(pos)
	}
	return words
}

// byteRunes is GPT-2's bytes_to_unicode: printable bytes stand for
// themselves, the others are shifted to U+0100 and up.
var byteRunes, runeBytes = func() ([256]rune, map[rune]byte) {
	var b2r [256]rune
	r2b := map[rune]byte{}
	n := 0
	for b := 0; b < 256; b++ {
		if b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE && b <= 0xFF {
			b2r[b] = rune(b)
		} else {
			b2r[b] = rune(256 + n)
			n++
		}
		r2b[b2r[b]] = byte(b)
	}
	return b2r, r2b
}()

func encodeByteLevel(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		sb.WriteRune(byteRunes[s[i]])
	}
	return sb.String()
}

func decodeByteLevel(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if b, ok := runeBytes[r]; ok {
			out = append(out, b)
		} else {
			out = utf8.AppendRune(out, r)
		}
	}
	return out
}

type bpeBigram struct {
	left, right int
	rank        int
	text        string
}

type bpeQueue []bpeBigram

func (q bpeQueue) Len() int { return len(q) }
func (q bpeQueue) Less(i, j int) bool {
	return q[i].rank < q[j].rank || q[i].rank == q[j].rank && q[i].left < q[j].left
}
func (q bpeQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *bpeQueue) Push(x any)   { *q = append(*q, x.(bpeBigram)) }
func (q *bpeQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// bpe is llama.cpp's llm_tokenizer_bpe_session.tokenize for one fragment.
func (v *Vocab) bpe(text string, out []int) []int {
	kind, _ := preTokenizer(v.Pre)
	for _, w := range splitWords(kind, text) {
		word := encodeByteLevel(w)
		if kind == preLlama3 {
			if id, ok := v.ids[word]; ok { // llama 3 ignores merges for whole words in the vocabulary
				out = append(out, id)
				continue
			}
		}
		type sym struct{ start, n, prev, next int }
		var syms []sym
		for off := 0; off < len(word); {
			_, n := utf8.DecodeRuneInString(word[off:])
			idx := len(syms)
			next := idx + 1
			if off+n == len(word) {
				next = -1
			}
			syms = append(syms, sym{off, n, idx - 1, next})
			off += n
		}
		q := &bpeQueue{}
		tryAdd := func(l, r int) {
			if l == -1 || r == -1 {
				return
			}
			a := word[syms[l].start : syms[l].start+syms[l].n]
			b := word[syms[r].start : syms[r].start+syms[r].n]
			rank, ok := v.merges[[2]string{a, b}]
			if !ok {
				return
			}
			heap.Push(q, bpeBigram{left: l, right: r, rank: rank, text: a + b})
		}
		for i := 1; i < len(syms); i++ {
			tryAdd(i-1, i)
		}
		for q.Len() > 0 {
			b := heap.Pop(q).(bpeBigram)
			l, r := &syms[b.left], &syms[b.right]
			if l.n == 0 || r.n == 0 {
				continue
			}
			if word[l.start:l.start+l.n]+word[r.start:r.start+r.n] != b.text {
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
		if len(syms) == 0 {
			continue
		}
		for i := 0; i != -1; i = syms[i].next {
			s := word[syms[i].start : syms[i].start+syms[i].n]
			if id, ok := v.ids[s]; ok {
				out = append(out, id)
				continue
			}
			for _, r := range s {
				if id, ok := v.ids[string(r)]; ok {
					out = append(out, id)
				}
			}
		}
	}
	return out
}
