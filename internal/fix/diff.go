package fix

import (
	"fmt"
	"strings"
)

// Diff returns the unified diff (3 lines of context) that turns a into b,
// with the headers "--- a/PATH" and "+++ b/PATH" git uses; "" when they
// are equal.
func Diff(path string, a, b []byte) string {
	if string(a) == string(b) {
		return ""
	}
	x, y := splitLines(string(a)), splitLines(string(b))
	ops := diffLines(x, y)
	var out strings.Builder
	fmt.Fprintf(&out, "--- a/%s\n+++ b/%s\n", path, path)
	const ctx = 3
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		// A hunk runs from ctx lines before a change to ctx lines after
		// the last change that is within 2*ctx lines of the previous.
		start := max(i-ctx, 0)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j
				continue
			}
			if j-end > 2*ctx {
				break
			}
		}
		stop := min(end+ctx+1, len(ops))
		ax, bx := ops[start].ax, ops[start].bx
		var an, bn int
		var body strings.Builder
		for _, o := range ops[start:stop] {
			switch o.kind {
			case ' ':
				an++
				bn++
				writeLine(&body, ' ', x[o.ax])
			case '-':
				an++
				writeLine(&body, '-', x[o.ax])
			case '+':
				bn++
				writeLine(&body, '+', y[o.bx])
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(ax, an), hunkRange(bx, bn))
		out.WriteString(body.String())
		i = stop
	}
	return out.String()
}

func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprint(start + 1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func writeLine(b *strings.Builder, mark byte, line string) {
	b.WriteByte(mark)
	if strings.HasSuffix(line, "\n") {
		b.WriteString(line)
		return
	}
	b.WriteString(line)
	b.WriteString("\n\\ No newline at end of file\n")
}

// splitLines keeps each line's break, so that a missing final newline is
// a difference.
func splitLines(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

type op struct {
	kind   byte // ' ', '-', '+'
	ax, bx int  // line indexes in a and b (the position for inserts and deletes)
}

// diffLines returns an edit script from x to y: the common head and tail,
// and between them the shortest script (Myers' algorithm) when it takes
// fewer than maxEdits edits, else the whole middle replaced.
func diffLines(x, y []string) []op {
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	var out []op
	for i := 0; i < pre; i++ {
		out = append(out, op{' ', i, i})
	}
	mid, ok := myers(x[pre:len(x)-suf], y[pre:len(y)-suf])
	if !ok {
		mid = nil
		for i := range x[pre : len(x)-suf] {
			mid = append(mid, op{'-', i, 0})
		}
		for j := range y[pre : len(y)-suf] {
			mid = append(mid, op{'+', len(x) - suf - pre, j})
		}
	}
	for _, o := range mid {
		out = append(out, op{o.kind, o.ax + pre, o.bx + pre})
	}
	for k := 0; k < suf; k++ {
		out = append(out, op{' ', len(x) - suf + k, len(y) - suf + k})
	}
	return out
}

const maxEdits = 2000

func myers(x, y []string) ([]op, bool) {
	n, m := len(x), len(y)
	maxD := min(n+m, maxEdits)
	v := make([]int, 2*maxD+2)
	var trace [][]int
	off := maxD + 1
	found := false
	for d := 0; d <= maxD && !found; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var i int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				i = v[off+k+1]
			} else {
				i = v[off+k-1] + 1
			}
			j := i - k
			for i < n && j < m && x[i] == y[j] {
				i++
				j++
			}
			v[off+k] = i
			if i >= n && j >= m {
				found = true
				break
			}
		}
	}
	if !found {
		return nil, false
	}
	// Walk back through the trace.
	var rev []op
	i, j := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		vd := trace[d]
		k := i - j
		var pk int
		if k == -d || k != d && vd[off+k-1] < vd[off+k+1] {
			pk = k + 1
		} else {
			pk = k - 1
		}
		pi := vd[off+pk]
		pj := pi - pk
		for i > pi && j > pj && i > 0 && j > 0 && x[i-1] == y[j-1] {
			i--
			j--
			rev = append(rev, op{' ', i, j})
		}
		if d == 0 {
			break
		}
		if i == pi {
			j--
			rev = append(rev, op{'+', i, j})
		} else {
			i--
			rev = append(rev, op{'-', i, j})
		}
	}
	for i > 0 && j > 0 {
		i--
		j--
		rev = append(rev, op{' ', i, j})
	}
	out := make([]op, len(rev))
	for k := range rev {
		out[k] = rev[len(rev)-1-k]
	}
	return out, true
}
