package secrets

import "bytes"

// matcher is an Aho–Corasick automaton over ASCII-lowercased bytes: one
// linear pass over the content finds every keyword of every pattern.
//
// The pass is the floor of a scan's cost, so the automaton is a flat
// table: bytes are first mapped to classes (the bytes keywords hold, case
// folded, each a class; every other byte class 0), and each entry holds
// the next state's row offset with its top bit set when the state ends a
// keyword. The loop then reads one class and one entry per byte and tests
// one bit.
type matcher struct {
	class  [256]uint8
	width  uint32    // classes per row
	trans  []uint32  // state row offset + class → next row offset | outBit
	out    [][]int32 // keywords ending at each state
	lens   []int     // keyword lengths
	states int
}

const outBit = 1 << 31

func newMatcher(keywords []string) *matcher {
	m := &matcher{lens: make([]int, len(keywords))}
	n := 1
	for _, k := range keywords {
		for j := 0; j < len(k); j++ {
			if c := lower(k[j]); m.class[c] == 0 {
				m.class[c] = uint8(n)
				n++
			}
		}
	}
	for c := 'A'; c <= 'Z'; c++ {
		m.class[c] = m.class[c+'a'-'A']
	}
	m.width = uint32(n)

	// The trie, then failure links folded into a full table (breadth
	// first), with state numbers; rows and flags come last.
	next := [][]int32{make([]int32, n)}
	out := [][]int32{nil}
	for i, k := range keywords {
		m.lens[i] = len(k)
		s := int32(0)
		for j := 0; j < len(k); j++ {
			c := m.class[k[j]]
			if next[s][c] == 0 {
				next = append(next, make([]int32, n))
				out = append(out, nil)
				next[s][c] = int32(len(next) - 1)
			}
			s = next[s][c]
		}
		out[s] = append(out[s], int32(i))
	}
	fail := make([]int32, len(next))
	var queue []int32
	for c := 0; c < n; c++ {
		if t := next[0][c]; t != 0 {
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		out[s] = append(out[s], out[fail[s]]...)
		for c := 0; c < n; c++ {
			if t := next[s][c]; t != 0 {
				fail[t] = next[fail[s]][c]
				queue = append(queue, t)
			} else {
				next[s][c] = next[fail[s]][c]
			}
		}
	}
	m.states = len(next)
	m.out = out
	m.trans = make([]uint32, len(next)*n)
	for s, row := range next {
		for c, t := range row {
			v := uint32(t) * m.width
			if len(out[t]) > 0 {
				v |= outBit
			}
			m.trans[s*n+c] = v
		}
	}
	return m
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// scan calls hit(keyword, start, lineStart) for every keyword occurrence,
// in the order they end; lineStart is the offset of the line holding it
// (keywords hold no newline). Line starts are found from the hits, not
// tracked byte by byte: from one hit to the next, the last newline.
func (m *matcher) scan(b []byte, hit func(kw, start, lineStart int)) {
	var s uint32
	ls, searched := 0, 0 // line start as of offset searched
	trans, class := m.trans, &m.class
	for i, c := range b {
		s = trans[s&^outBit+uint32(class[c])]
		if s&outBit == 0 {
			continue
		}
		if j := bytes.LastIndexByte(b[searched:i], '\n'); j >= 0 {
			ls = searched + j + 1
		}
		searched = i
		for _, k := range m.out[(s&^outBit)/m.width] {
			hit(int(k), i+1-m.lens[k], ls)
		}
	}
}
