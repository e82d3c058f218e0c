package secrets

// matcher is an Aho–Corasick automaton over ASCII-lowercased bytes: one
// linear pass over the content finds every keyword of every pattern.
type matcher struct {
	next [][256]int32 // full transition table (goto + failure folded in)
	out  [][]int32    // keyword indexes ending at each state
	lens []int        // keyword lengths
}

func newMatcher(keywords []string) *matcher {
	m := &matcher{next: make([][256]int32, 1), out: make([][]int32, 1), lens: make([]int, len(keywords))}
	for i, k := range keywords {
		m.lens[i] = len(k)
		s := int32(0)
		for j := 0; j < len(k); j++ {
			c := lower(k[j])
			if m.next[s][c] == 0 {
				m.next = append(m.next, [256]int32{})
				m.out = append(m.out, nil)
				m.next[s][c] = int32(len(m.next) - 1)
			}
			s = m.next[s][c]
		}
		m.out[s] = append(m.out[s], int32(i))
	}
	fail := make([]int32, len(m.next))
	queue := make([]int32, 0, len(m.next))
	for c := 0; c < 256; c++ {
		if t := m.next[0][c]; t != 0 {
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		m.out[s] = append(m.out[s], m.out[fail[s]]...)
		for c := 0; c < 256; c++ {
			t := m.next[s][c]
			if t != 0 {
				fail[t] = m.next[fail[s]][c]
				queue = append(queue, t)
			} else {
				m.next[s][c] = m.next[fail[s]][c]
			}
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

// scan calls hit(keyword, start, lineStart) for every keyword occurrence;
// lineStart is the offset of the line holding it (keywords hold no newline).
func (m *matcher) scan(b []byte, hit func(kw, start, lineStart int)) {
	s := int32(0)
	ls := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\n' {
			ls = i + 1
		}
		s = m.next[s][lower(c)]
		if out := m.out[s]; len(out) > 0 {
			for _, k := range out {
				hit(int(k), i+1-m.lens[k], ls)
			}
		}
	}
}
