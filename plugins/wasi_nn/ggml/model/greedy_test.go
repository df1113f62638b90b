package model

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/sample"
)

// The chunked scan (chunkMax of each chunk, then combineBest) picks what
// sample.Greedy's scan of all logits picks, with ties within and across
// chunks, NaN and ±Inf anywhere, first included.
func TestChunkedGreedy(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	special := []float32{nan, inf, -inf, 3, 3, 0}
	for iter := range 20000 {
		n := 1 + rng.IntN(70)
		x := make([]float32, n)
		for i := range x {
			if rng.IntN(4) == 0 {
				x[i] = special[rng.IntN(len(special))]
			} else {
				x[i] = float32(rng.IntN(5)) // many ties
			}
		}
		grain := 1 + rng.IntN(n)
		var chunks []best
		for lo := 0; lo < n; lo += grain {
			chunks = append(chunks, chunkMax(x[lo:min(lo+grain, n)], lo))
		}
		if got, want := combineBest(x[0], chunks).i, sample.Greedy(x); got != want {
			t.Fatalf("iteration %d: %v in chunks of %d: %d, sample.Greedy %d", iter, x, grain, got, want)
		}
	}
}
