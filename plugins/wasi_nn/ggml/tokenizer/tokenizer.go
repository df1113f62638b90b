// Package tokenizer turns text into token ids and back with the vocabulary
// stored in a GGUF file, as llama.cpp does: SentencePiece-style merges by
// score with byte fallback ("llama" vocabularies) and byte-level BPE by
// merge rank ("gpt2" vocabularies) after the pre-tokenizer the file names.
package tokenizer

import (
	"fmt"
	"strings"

	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/gguf"
)

// Token types of tokenizer.ggml.token_type (llama.cpp's llama_token_type).
const (
	TypeUndefined   = 0
	TypeNormal      = 1
	TypeUnknown     = 2
	TypeControl     = 3
	TypeUserDefined = 4
	TypeUnused      = 5
	TypeByte        = 6
)

// Vocab is a tokenizer built from a GGUF vocabulary.
type Vocab struct {
	Model     string // "llama" (SPM) or "gpt2" (BPE)
	Pre       string // BPE pre-tokenizer name
	Tokens    []string
	Scores    []float32
	Types     []int
	ids       map[string]int
	merges    map[[2]string]int
	BOS, EOS  int
	EOT       int // end of turn, -1 if none
	UNK       int
	AddBOS    bool
	AddEOS    bool
	AddSpace  bool // SPM: prefix the text with a space
	byteToken [256]int
	special   []int // user-defined and control tokens, longest first
}

// Load reads the tokenizer.* keys of f.
func Load(f *gguf.File) (*Vocab, error) {
	v := &Vocab{EOT: -1, UNK: -1}
	v.Model, _ = f.String("tokenizer.ggml.model")
	v.Pre, _ = f.String("tokenizer.ggml.pre")
	tv, ok := f.KV["tokenizer.ggml.tokens"]
	if !ok || tv.Type != gguf.TypeArray || tv.ArrayType != gguf.TypeString || len(tv.Strings) == 0 {
		return nil, fmt.Errorf("tokenizer.ggml.tokens is missing")
	}
	v.Tokens = tv.Strings
	n := len(v.Tokens)
	v.Scores = make([]float32, n)
	if sv, ok := f.KV["tokenizer.ggml.scores"]; ok && len(sv.Numbers) == n {
		for i, s := range sv.Numbers {
			v.Scores[i] = float32(s)
		}
	}
	v.Types = make([]int, n)
	for i := range v.Types {
		v.Types[i] = TypeNormal
	}
	if tt, ok := f.KV["tokenizer.ggml.token_type"]; ok && len(tt.Ints) == n {
		for i, t := range tt.Ints {
			v.Types[i] = int(t)
		}
	}
	v.ids = make(map[string]int, n)
	for i, t := range v.Tokens {
		if _, dup := v.ids[t]; !dup {
			v.ids[t] = i
		}
	}
	id := func(key string, def int) int {
		if x, ok := f.Uint(key); ok && x < uint64(n) {
			return int(x)
		}
		return def
	}
	boolKey := func(key string, def bool) bool {
		if b, ok := f.Bool(key); ok {
			return b
		}
		return def
	}
	switch v.Model {
	case "llama":
		v.BOS, v.EOS, v.UNK = id("tokenizer.ggml.bos_token_id", 1), id("tokenizer.ggml.eos_token_id", 2), id("tokenizer.ggml.unknown_token_id", 0)
		v.AddBOS, v.AddEOS = boolKey("tokenizer.ggml.add_bos_token", true), boolKey("tokenizer.ggml.add_eos_token", false)
		v.AddSpace = boolKey("tokenizer.ggml.add_space_prefix", true)
		for i := range v.byteToken {
			v.byteToken[i] = -1
			if t, ok := v.ids[fmt.Sprintf("<0x%02X>", i)]; ok {
				v.byteToken[i] = t
			}
		}
	case "gpt2":
		v.BOS, v.EOS = id("tokenizer.ggml.bos_token_id", 11), id("tokenizer.ggml.eos_token_id", 11)
		v.AddBOS, v.AddEOS = boolKey("tokenizer.ggml.add_bos_token", false), boolKey("tokenizer.ggml.add_eos_token", false)
		mv, ok := f.KV["tokenizer.ggml.merges"]
		if !ok || mv.ArrayType != gguf.TypeString {
			return nil, fmt.Errorf("tokenizer.ggml.merges is missing")
		}
		v.merges = make(map[[2]string]int, len(mv.Strings))
		for r, m := range mv.Strings {
			a, b, ok := strings.Cut(m, " ")
			if !ok {
				return nil, fmt.Errorf("merge %d %q has no space", r, m)
			}
			if _, dup := v.merges[[2]string{a, b}]; !dup {
				v.merges[[2]string{a, b}] = r
			}
		}
		if _, err := preTokenizer(v.Pre); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("tokenizer model %q is not supported (supported: llama, gpt2)", v.Model)
	}
	if x, ok := f.Uint("tokenizer.ggml.eot_token_id"); ok && x < uint64(n) {
		v.EOT = int(x)
	}
	for i, t := range v.Types {
		if (t == TypeUserDefined || t == TypeControl) && v.Tokens[i] != "" {
			v.special = append(v.special, i)
		}
	}
	// Longest first, as llama.cpp's cache_special_tokens.
	sortByLenDesc(v.special, v.Tokens)
	return v, nil
}

func sortByLenDesc(ids []int, toks []string) {
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && len(toks[ids[j]]) > len(toks[ids[j-1]]); j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
}

// IsEOG reports whether id ends generation (end of sequence or of turn).
func (v *Vocab) IsEOG(id int) bool { return id == v.EOS || id == v.EOT }

// Encode tokenizes text. addSpecial adds BOS/EOS as the vocabulary asks;
// parseSpecial lets control tokens written in the text (such as <|im_end|>)
// become those tokens; user-defined tokens always do, as in llama.cpp.
func (v *Vocab) Encode(text string, addSpecial, parseSpecial bool) []int {
	var out []int
	if addSpecial && v.AddBOS {
		out = append(out, v.BOS)
	}
	prevSpecial := true
	for _, frag := range v.partition(text, parseSpecial) {
		if frag.token >= 0 {
			out = append(out, frag.token)
			prevSpecial = true
			continue
		}
		if frag.text == "" {
			continue
		}
		if v.Model == "llama" {
			s := frag.text
			if v.AddSpace && prevSpecial {
				s = " " + s
			}
			out = v.spm(strings.ReplaceAll(s, " ", "\u2581"), out)
		} else {
			out = v.bpe(frag.text, out)
		}
		prevSpecial = false
	}
	if addSpecial && v.AddEOS {
		out = append(out, v.EOS)
	}
	return out
}

type fragment struct {
	token int
	text  string
}

// partition splits text around special tokens, as tokenizer_st_partition.
func (v *Vocab) partition(text string, parseSpecial bool) []fragment {
	frags := []fragment{{-1, text}}
	for _, id := range v.special {
		if !parseSpecial && v.Types[id] == TypeControl {
			continue
		}
		tok := v.Tokens[id]
		var next []fragment
		for _, f := range frags {
			if f.token >= 0 || !strings.Contains(f.text, tok) {
				next = append(next, f)
				continue
			}
			rest := f.text
			for {
				i := strings.Index(rest, tok)
				if i < 0 {
					break
				}
				if i > 0 {
					next = append(next, fragment{-1, rest[:i]})
				}
				next = append(next, fragment{id, ""})
				rest = rest[i+len(tok):]
			}
			if rest != "" {
				next = append(next, fragment{-1, rest})
			}
		}
		frags = next
	}
	return frags
}

// Piece is the text of token id: SPM's ▁ as a space, byte tokens as their
// byte, control tokens as their text when special is true (else nothing).
func (v *Vocab) Piece(id int, special bool) []byte {
	if id < 0 || id >= len(v.Tokens) {
		return nil
	}
	t := v.Tokens[id]
	switch v.Types[id] {
	case TypeControl:
		if !special {
			return nil
		}
		return []byte(t)
	case TypeUnknown:
		if v.Model == "llama" {
			return []byte("\xe2\x96\x85") // llama.cpp prints ▅ for <unk>
		}
		return []byte(t)
	case TypeUserDefined:
		return []byte(t)
	case TypeByte:
		if v.Model == "llama" {
			var b byte
			if _, err := fmt.Sscanf(t, "<0x%02X>", &b); err == nil {
				return []byte{b}
			}
		}
	}
	if v.Model == "llama" {
		return []byte(strings.ReplaceAll(t, "\u2581", " "))
	}
	return decodeByteLevel(t)
}
